package io.nostale.gateway.page;

import io.nostale.wire.ChangeEvent;
import java.util.Map;

/**
 * The user home page: the user's own join requests and memberships, and room titles (public: every room is
 * listed on /rooms). Before and after images are both checked, so a row that stops being the user's (deleted,
 * or moved to another user by an outside tool) still reaches the page that showed it.
 */
record HomePageFilter(long userId) implements PageFilter {

    @Override
    public boolean matches(ChangeEvent change) {
        return switch (change.table()) {
            case "chat_room_join_request", "chat_room_member" -> isMine(change.before()) || isMine(change.after());
            case "chat_room" -> true;
            default -> false;
        };
    }

    private boolean isMine(Map<String, Object> row) {
        return row.get("user_id") instanceof Number owner && owner.longValue() == userId;
    }
}
