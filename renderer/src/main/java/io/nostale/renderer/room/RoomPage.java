package io.nostale.renderer.room;

import io.nostale.renderer.room.RoomViews.MemberRow;
import io.nostale.renderer.room.RoomViews.MessageRow;
import io.nostale.renderer.room.RoomViews.RequestRow;
import io.nostale.renderer.room.RoomViews.RoomHeader;
import io.nostale.renderer.room.RoomViews.Stamp;
import io.nostale.wire.PageGrant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A room's page as read in one snapshot: what the template shows, the grants the page's token carries and the
 * model {@code room-model.js} starts from. Members see messages and members; the owner also sees pending
 * requests; everyone else sees the title and their own request state.
 */
record RoomPage(RoomHeader room, JoinState state, boolean owner, List<MessageView> messages, boolean hasOlder,
                List<MemberView> members, List<RequestView> requests, Model model) {

    /** Reads the page; runs inside {@link io.nostale.renderer.snapshot.SnapshotReader#read}. */
    static RoomPage read(RoomQueries queries, long roomId, long userId) {
        RoomHeader room = queries.room(roomId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no room " + roomId));
        boolean member = queries.isMember(roomId, userId);
        boolean owner = room.ownerId() == userId;
        List<RequestRow> own = queries.requestsBy(roomId, userId);
        JoinState state = JoinState.of(member, own.isEmpty() ? Optional.empty()
                : Optional.of(own.get(own.size() - 1).status()));
        List<MessageRow> messages = member
                ? queries.messagesBefore(roomId, Long.MAX_VALUE, RoomQueries.MESSAGE_PAGE + 1) : List.of();
        boolean hasOlder = messages.size() > RoomQueries.MESSAGE_PAGE;
        if (hasOlder) {
            messages = messages.subList(1, messages.size());
        }
        List<MemberRow> members = member ? queries.members(roomId) : List.of();
        Map<Long, RequestRow> requests = new TreeMap<>();
        if (owner) {
            queries.pendingRequests(roomId).forEach(request -> requests.put(request.id(), request));
        }
        own.forEach(request -> requests.put(request.id(), request));
        return assemble(room, state, owner, messages, hasOlder, members, List.copyOf(requests.values()));
    }

    private static RoomPage assemble(RoomHeader room, JoinState state, boolean owner, List<MessageRow> messages,
                                     boolean hasOlder, List<MemberRow> members, List<RequestRow> requests) {
        Map<Long, String> users = new TreeMap<>();
        users.put(room.ownerId(), room.ownerName());
        members.forEach(m -> users.put(m.userId(), m.displayName()));
        messages.forEach(m -> users.put(m.authorId(), m.authorName()));
        requests.forEach(r -> users.put(r.userId(), r.userName()));
        Map<String, String> userNames = new LinkedHashMap<>();
        users.forEach((id, name) -> userNames.put(Long.toString(id), name));
        Model model = new Model(new Model.Room(room.id(), room.title(), room.version(), room.ownerId()),
                state.member(), owner, members.stream().map(MemberRow::userId).sorted().toList(),
                requests.stream().map(r -> new Model.Request(r.id(), r.userId(), r.status(), r.version(),
                        r.createdAt().toString())).toList(),
                messages.stream().map(m -> new Model.Message(m.id(), m.authorId(), m.body(),
                        m.createdAt().toString(), m.version())).toList(),
                hasOlder, userNames);
        List<RequestView> pending = owner ? requests.stream().filter(RequestRow::pending)
                .sorted(Comparator.comparingLong(RequestRow::id))
                .map(r -> new RequestView(r.id(), r.userId(), r.userName(), Stamp.of(r.createdAt()))).toList() : List.of();
        return new RoomPage(room, state, owner,
                messages.stream().map(m -> new MessageView(m.id(), m.authorName(), m.body(),
                        Stamp.of(m.createdAt()))).toList(),
                hasOlder,
                members.stream().map(m -> new MemberView(m.userId(), m.displayName(),
                        m.userId() == room.ownerId())).toList(),
                pending, model);
    }

    /** Exactly what this snapshot showed: MEMBER iff a member row exists, OWNER iff the user owns the room. */
    Set<PageGrant> grants() {
        Set<PageGrant> grants = EnumSet.noneOf(PageGrant.class);
        if (state.member()) {
            grants.add(PageGrant.MEMBER);
        }
        if (owner) {
            grants.add(PageGrant.OWNER);
        }
        return grants;
    }

    String page() {
        return "room:" + room.id();
    }

    boolean member() {
        return state.member();
    }

    boolean hasMessages() {
        return !messages.isEmpty();
    }

    int memberCount() {
        return members.size();
    }

    boolean hasRequests() {
        return !requests.isEmpty();
    }

    record MessageView(long id, String authorName, String body, Stamp createdAt) {
    }

    record MemberView(long userId, String displayName, boolean owner) {
    }

    record RequestView(long id, long userId, String userName, Stamp createdAt) {
    }

    /**
     * The {@code #nostale-model} document of a room page; {@code members} are user ids in ascending order,
     * {@code requests} the owner's pending ones plus the visitor's own (any status), {@code messages} the latest
     * ones oldest first, {@code users} the display names of everyone the page names.
     */
    record Model(Room room, boolean member, boolean owner, List<Long> members, List<Request> requests,
                 List<Message> messages, boolean hasOlder, Map<String, String> users) {

        record Room(long id, String title, long version, long ownerId) {
        }

        record Request(long id, long userId, String status, long version, String createdAt) {
        }

        record Message(long id, long authorId, String body, String createdAt, long version) {
        }
    }
}
