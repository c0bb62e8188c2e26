package io.nostale.renderer.room;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code /rooms} page: every room with its owner, member count and the visitor's state, sorted by
 * {@code (title, id)}, and the model {@code rooms-model.js} starts from and computes the same rows with.
 */
record Directory(List<Row> rows, Model model) {

    static Directory of(List<DirectoryRoom> rooms, Set<Long> joined, List<OwnRequest> requests) {
        Map<Long, OwnRequest> latest = new HashMap<>();
        for (OwnRequest request : requests) {
            latest.merge(request.roomId(), request, (a, b) -> a.id() > b.id() ? a : b);
        }
        Map<String, Model.Room> modelRooms = new TreeMap<>(Comparator.comparingLong(Long::parseLong));
        Map<String, String> users = new TreeMap<>(Comparator.comparingLong(Long::parseLong));
        List<Row> rows = rooms.stream().map(room -> {
            modelRooms.put(Long.toString(room.id()),
                    new Model.Room(room.title(), room.version(), room.ownerId(), room.memberCount()));
            users.put(Long.toString(room.ownerId()), room.ownerName());
            JoinState state = JoinState.of(joined.contains(room.id()),
                    Optional.ofNullable(latest.get(room.id())).map(OwnRequest::status));
            return new Row(room.id(), room.title(), room.ownerName(), room.memberCount(), state);
        }).sorted(Row.ORDER).toList();
        List<OwnRequest> sortedRequests = requests.stream().sorted(Comparator.comparingLong(OwnRequest::id)).toList();
        return new Directory(rows, new Model(modelRooms, joined.stream().sorted().toList(), sortedRequests, users));
    }

    /** A room as read for the directory. */
    record DirectoryRoom(long id, String title, long version, long ownerId, String ownerName, long memberCount) {
    }

    /** One of the visitor's own join requests, any status. */
    record OwnRequest(long id, long roomId, String status, long version) {
    }

    /** One row of the list; {@code rooms-view.js} builds the same DOM for it. */
    record Row(long id, String title, String ownerName, long memberCount, JoinState state) {

        /** {@code (title, id)} by UTF-16 code units, exactly JavaScript's string {@code <}. */
        static final Comparator<Row> ORDER = Comparator.comparing(Row::title).thenComparingLong(Row::id);

        String members() {
            return memberCount == 1 ? "1 member" : memberCount + " members";
        }
    }

    /**
     * The {@code #nostale-model} document of {@code /rooms}:
     * {@code {"rooms":{"<id>":{"title","version","ownerId","members"}},"joined":[roomId..],
     * "requests":[{"id","roomId","status","version"}..],"users":{"<userId>":"display name"}}}.
     */
    record Model(Map<String, Room> rooms, List<Long> joined, List<OwnRequest> requests, Map<String, String> users) {

        record Room(String title, long version, long ownerId, long members) {
        }
    }
}
