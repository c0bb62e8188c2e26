package io.nostale.renderer.room;

import io.nostale.renderer.room.Directory.DirectoryRoom;
import io.nostale.renderer.room.Directory.OwnRequest;
import io.nostale.renderer.room.RoomViews.MemberRow;
import io.nostale.renderer.room.RoomViews.MessageRow;
import io.nostale.renderer.room.RoomViews.RequestRow;
import io.nostale.renderer.room.RoomViews.RoomHeader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Reads for the room pages; the page controllers run them inside one snapshot read. */
@Repository
class RoomQueries {

    /** A room page shows the latest messages; "Load older messages" fetches this many more at a time. */
    static final int MESSAGE_PAGE = 50;

    private static final String MESSAGE_COLUMNS =
            "m.id, m.author_id, u.display_name, m.body, m.created_at, m.version";
    private static final RowMapper<MessageRow> MESSAGE = (rs, row) -> new MessageRow(rs.getLong(1), rs.getLong(2),
            rs.getString(3), rs.getString(4), instant(rs, 5), rs.getLong(6));
    private static final String REQUEST_COLUMNS =
            "q.id, q.user_id, u.display_name, q.status, q.version, q.created_at";
    private static final RowMapper<RequestRow> REQUEST = (rs, row) -> new RequestRow(rs.getLong(1), rs.getLong(2),
            rs.getString(3), rs.getString(4), rs.getLong(5), instant(rs, 6));

    private final JdbcTemplate jdbc;

    RoomQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every room with its owner and member count, unsorted. */
    List<DirectoryRoom> directoryRooms() {
        return jdbc.query("""
                        SELECT r.id, r.title, r.version, r.owner_id, u.display_name,
                               (SELECT count(*) FROM chat_room_member m WHERE m.room_id = r.id)
                          FROM chat_room r JOIN app_user u ON u.id = r.owner_id""",
                (rs, row) -> new DirectoryRoom(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getString(5), rs.getLong(6)));
    }

    Set<Long> memberships(long userId) {
        return new HashSet<>(jdbc.queryForList("SELECT room_id FROM chat_room_member WHERE user_id = ?", Long.class,
                userId));
    }

    /** All of the user's requests, any status: the latest one per room decides the user's state there. */
    List<OwnRequest> ownRequests(long userId) {
        return jdbc.query("SELECT id, room_id, status, version FROM chat_room_join_request WHERE user_id = ?",
                (rs, row) -> new OwnRequest(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4)), userId);
    }

    Optional<RoomHeader> room(long roomId) {
        return jdbc.query("""
                        SELECT r.id, r.title, r.owner_id, u.display_name, r.version
                          FROM chat_room r JOIN app_user u ON u.id = r.owner_id WHERE r.id = ?""",
                (rs, row) -> new RoomHeader(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getLong(5)), roomId).stream().findFirst();
    }

    boolean isMember(long roomId, long userId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM chat_room_member WHERE room_id = ? AND user_id = ?)", Boolean.class,
                roomId, userId));
    }

    /** The user's own requests for the room, any status, oldest first. */
    List<RequestRow> requestsBy(long roomId, long userId) {
        return jdbc.query("SELECT " + REQUEST_COLUMNS + """
                         FROM chat_room_join_request q JOIN app_user u ON u.id = q.user_id
                        WHERE q.room_id = ? AND q.user_id = ? ORDER BY q.id""", REQUEST, roomId, userId);
    }

    /** Everyone's pending requests for the room (the owner decides them), oldest first. */
    List<RequestRow> pendingRequests(long roomId) {
        return jdbc.query("SELECT " + REQUEST_COLUMNS + """
                         FROM chat_room_join_request q JOIN app_user u ON u.id = q.user_id
                        WHERE q.room_id = ? AND q.status = 'pending' ORDER BY q.id""", REQUEST, roomId);
    }

    /** Members sorted by {@link MemberRow#ORDER}. */
    List<MemberRow> members(long roomId) {
        return jdbc.query("""
                        SELECT u.id, u.display_name FROM chat_room_member m JOIN app_user u ON u.id = m.user_id
                         WHERE m.room_id = ?""",
                (rs, row) -> new MemberRow(rs.getLong(1), rs.getString(2)), roomId)
                .stream().sorted(MemberRow.ORDER).toList();
    }

    /** Up to {@code limit} messages with an id below {@code beforeId}, the newest of them, oldest first. */
    List<MessageRow> messagesBefore(long roomId, long beforeId, int limit) {
        return jdbc.query("SELECT * FROM (SELECT " + MESSAGE_COLUMNS + """
                         FROM chat_message m JOIN app_user u ON u.id = m.author_id
                        WHERE m.room_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?) latest
                        ORDER BY id""", MESSAGE, roomId, beforeId, limit);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
