package io.nostale.pages;

import io.nostale.wire.ChangeEvent;
import java.util.List;
import java.util.Map;

/**
 * The room directory ({@code /rooms}): every room, the user's own requests and memberships, and a member count per
 * room. Other users' memberships are shown reduced to their room id: the page counts them, it may not learn who.
 */
record RoomsPageFilter(long userId) implements PageFilter {

    @Override
    public Verdict judge(ChangeEvent change) {
        return switch (change.table()) {
            case "chat_room" -> new Verdict.Show(change);
            case "chat_room_join_request" -> Verdict.showIf(isMine(change), change);
            case "chat_room_member" -> new Verdict.Show(isMine(change) ? change : anonymous(change));
            default -> Verdict.HIDE;
        };
    }

    @Override
    public boolean reads(String table) {
        return switch (table) {
            case "chat_room", "chat_room_join_request", "chat_room_member" -> true;
            default -> false;
        };
    }

    @Override
    public List<Interest> interests() {
        return List.of(Interest.user(userId), Interest.ALL_ROOMS, Interest.ALL_MEMBERS);
    }

    private boolean isMine(ChangeEvent change) {
        return Rows.has(change.before(), "user_id", userId) || Rows.has(change.after(), "user_id", userId);
    }

    private static ChangeEvent anonymous(ChangeEvent change) {
        return new ChangeEvent(change.table(), change.op(), change.txId(), change.changeLsn(), change.position(),
                change.commitMillis(), roomOnly(change.before()), roomOnly(change.after()));
    }

    private static Map<String, Object> roomOnly(Map<String, Object> row) {
        Object room = row.get("room_id");
        return room == null ? Map.of() : Map.of("room_id", room);
    }
}
