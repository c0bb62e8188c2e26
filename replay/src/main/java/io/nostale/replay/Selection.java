package io.nostale.replay;

import io.nostale.wire.ChangeEvent;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which changes {@code changes} prints, by what they touch (without {@code --page}): rows of the given tables, rows
 * that reference a user (as the member, requester, author or owner), rows of a room. Every criterion given must hold.
 * The relay's heartbeats are shown only when asked for.
 *
 * @param userId  0 for any user
 * @param roomId  0 for any room
 * @param tables  empty for every table
 */
record Selection(long userId, long roomId, Set<String> tables, boolean heartbeats) {

    /** The columns through which a chat row names a user. */
    static final List<String> USER_COLUMNS = List.of("user_id", "author_id", "owner_id");

    Selection {
        tables = Set.copyOf(tables);
    }

    boolean selects(ChangeEvent change) {
        if (change.isHeartbeat()) {
            return heartbeats;
        }
        return (tables.isEmpty() || tables.contains(change.table()))
                && (userId == 0 || references(change, userId))
                && (roomId == 0 || inRoom(change, roomId));
    }

    /** A {@code TRUNCATE} of a table touches every user and every room that had rows in it. */
    boolean selectsTruncateOf(String table) {
        return tables.isEmpty() || tables.contains(table);
    }

    private static boolean references(ChangeEvent change, long userId) {
        return USER_COLUMNS.stream().anyMatch(column -> is(change.before(), column, userId) || is(change.after(), column, userId));
    }

    private static boolean inRoom(ChangeEvent change, long roomId) {
        String column = "chat_room".equals(change.table()) ? "id" : "room_id";
        return is(change.before(), column, roomId) || is(change.after(), column, roomId);
    }

    private static boolean is(Map<String, Object> row, String column, long id) {
        Object value = row.get(column);
        return value instanceof Number number && number.longValue() == id
                || value != null && Objects.equals(value.toString(), Long.toString(id));
    }
}
