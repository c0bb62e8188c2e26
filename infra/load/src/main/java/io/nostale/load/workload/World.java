package io.nostale.load.workload;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The rows the driver seeded, by index. User {@code u} ({@code load-u<u>}) owns room {@code ownRooms[u]} and is its
 * only member, is a member of club {@code clubRooms[u % clubs]}, and has one pending join request
 * ({@code requestIds[u]}) to a lobby of the landlord, a user who never opens a page. Clubs, lobbies, the sentinel
 * room (renamed by each phase's final change) and the filler room (where the gateway's in-memory log is filled
 * before the baseline) belong to the landlord too; the probe user is the filler room's only member.
 */
public final class World {

    private final long landlordId;
    private final long probeUserId;
    private final long sentinelRoom;
    private final long fillerRoom;
    private final long[] userIds;
    private final long[] ownRooms;
    private final long[] requestIds;
    private final long[] requestRooms;
    private final long[] clubRooms;
    /** Current version of each user's join request row; one writer thread per user keeps it. */
    private final AtomicIntegerArray requestVersions;

    World(long landlordId, long probeUserId, long sentinelRoom, long fillerRoom, long[] userIds, long[] ownRooms,
            long[] requestIds, long[] requestRooms, long[] clubRooms) {
        this.landlordId = landlordId;
        this.probeUserId = probeUserId;
        this.sentinelRoom = sentinelRoom;
        this.fillerRoom = fillerRoom;
        this.userIds = userIds;
        this.ownRooms = ownRooms;
        this.requestIds = requestIds;
        this.requestRooms = requestRooms;
        this.clubRooms = clubRooms;
        this.requestVersions = new AtomicIntegerArray(userIds.length);
        for (int u = 0; u < userIds.length; u++) {
            requestVersions.set(u, 1);
        }
    }

    public int users() {
        return userIds.length;
    }

    public int clubs() {
        return clubRooms.length;
    }

    public long landlordId() {
        return landlordId;
    }

    public long probeUserId() {
        return probeUserId;
    }

    public long sentinelRoom() {
        return sentinelRoom;
    }

    public long fillerRoom() {
        return fillerRoom;
    }

    public long userId(int user) {
        return userIds[user];
    }

    public long ownRoom(int user) {
        return ownRooms[user];
    }

    public long clubOf(int user) {
        return clubRooms[user % clubRooms.length];
    }

    public long club(int index) {
        return clubRooms[index];
    }

    public long requestId(int user) {
        return requestIds[user];
    }

    public long requestRoom(int user) {
        return requestRooms[user];
    }

    AtomicIntegerArray requestVersions() {
        return requestVersions;
    }
}
