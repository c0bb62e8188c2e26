package io.nostale.pages;

import io.nostale.wire.ChangeEvent;
import java.util.List;

/**
 * The user home page: the user's own join requests and memberships, and room titles (public: every room is
 * listed on /rooms). Before and after images are both checked, so a row that stops being the user's (deleted,
 * or moved to another user by an outside tool) still reaches the page that showed it.
 */
record HomePageFilter(long userId) implements PageFilter {

    @Override
    public Verdict judge(ChangeEvent change) {
        return switch (change.table()) {
            case "chat_room_join_request", "chat_room_member" -> Verdict.showIf(isMine(change), change);
            case "chat_room" -> new Verdict.Show(change);
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
        return List.of(Interest.user(userId), Interest.ALL_ROOMS);
    }

    private boolean isMine(ChangeEvent change) {
        return Rows.has(change.before(), "user_id", userId) || Rows.has(change.after(), "user_id", userId);
    }
}
