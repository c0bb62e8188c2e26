package io.nostale.embedded.demo;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the visitors see before each change: the chat tables as one read found them (demo-sized, so all of it).
 * Pure data; the picker decides from it, and every write re-checks its own preconditions because the person
 * trying the product (or psql) may change the same rows in between.
 *
 * @param users        every app_user
 * @param rooms        every chat_room
 * @param members        every chat_room_member row
 * @param newcomers      the members who joined only a moment ago (they do not leave again at once)
 * @param pending        every pending chat_room_join_request
 * @param recentMessages per room id, the bodies of its newest few messages, newest first (absent: no messages)
 */
record World(List<User> users, List<Room> rooms, Set<Membership> members, Set<Membership> newcomers,
             List<Request> pending, Map<Long, List<String>> recentMessages) {

    /** How many of a room's newest messages are read, so that nobody repeats what was just said. */
    static final int RECENT_MESSAGES = 5;

    record User(long id, String username) {
    }

    record Room(long id, String title, long ownerId) {
    }

    record Membership(long roomId, long userId) {
    }

    record Request(long id, long roomId, long userId) {
    }

    World {
        users = List.copyOf(users);
        rooms = List.copyOf(rooms);
        members = Set.copyOf(members);
        newcomers = Set.copyOf(newcomers);
        pending = List.copyOf(pending);
        recentMessages = Map.copyOf(recentMessages);
    }

    Optional<User> user(String username) {
        return users.stream().filter(u -> u.username().equals(username)).findFirst();
    }

    Optional<User> user(long id) {
        return users.stream().filter(u -> u.id() == id).findFirst();
    }

    Optional<Room> room(long id) {
        return rooms.stream().filter(r -> r.id() == id).findFirst();
    }

    boolean isMember(long roomId, long userId) {
        return members.contains(new Membership(roomId, userId));
    }

    boolean hasPending(long roomId, long userId) {
        return pending.stream().anyMatch(q -> q.roomId() == roomId && q.userId() == userId);
    }

    long pendingIn(long roomId) {
        return pending.stream().filter(q -> q.roomId() == roomId).count();
    }

    long membersOf(long roomId) {
        return members.stream().filter(m -> m.roomId() == roomId).count();
    }

    List<String> recentMessages(long roomId) {
        return recentMessages.getOrDefault(roomId, List.of());
    }

    boolean isNewcomer(long roomId, long userId) {
        return newcomers.contains(new Membership(roomId, userId));
    }

    /** Whether a change in this room shows on one of the user's pages: owner, member or waiting to join. */
    boolean involves(long roomId, long userId) {
        boolean owns = room(roomId).map(r -> r.ownerId() == userId).orElse(false);
        return owns || isMember(roomId, userId) || hasPending(roomId, userId);
    }

    String username(long userId) {
        return user(userId).map(User::username).orElse("user " + userId);
    }

    String title(long roomId) {
        return room(roomId).map(Room::title).orElse("room " + roomId);
    }
}
