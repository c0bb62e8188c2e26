package io.nostale.renderer.room;

import io.nostale.renderer.room.RoomViews.ListedRoom;
import io.nostale.renderer.room.RoomViews.Member;
import io.nostale.renderer.room.RoomViews.Message;
import io.nostale.renderer.room.RoomViews.Request;
import io.nostale.renderer.room.RoomViews.RoomHeader;
import io.nostale.renderer.room.RoomViews.Stamp;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads for the room pages; the page controllers run them inside one snapshot read. */
@Repository
class RoomQueries {

    /** A room page shows the latest messages only; older history is not paged yet. */
    static final int MESSAGES_SHOWN = 200;

    private static final String LATEST_REQUEST_STATUS = """
            (SELECT q.status FROM chat_room_join_request q
              WHERE q.room_id = r.id AND q.user_id = ? ORDER BY q.id DESC LIMIT 1)""";

    private final JdbcTemplate jdbc;

    RoomQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<ListedRoom> allRooms(long visitorId) {
        List<ListedRoom> rooms = jdbc.query("SELECT r.id, r.title, u.display_name,"
                        + " EXISTS (SELECT 1 FROM chat_room_member m WHERE m.room_id = r.id AND m.user_id = ?), "
                        + LATEST_REQUEST_STATUS
                        + " FROM chat_room r JOIN app_user u ON u.id = r.owner_id",
                (rs, row) -> new ListedRoom(rs.getLong(1), rs.getString(2), rs.getString(3),
                        JoinState.of(rs.getBoolean(4), Optional.ofNullable(rs.getString(5)))),
                visitorId, visitorId);
        return rooms.stream().sorted(ListedRoom.ORDER).toList();
    }

    Optional<RoomHeader> room(long roomId) {
        return jdbc.query("""
                        SELECT r.id, r.title, r.owner_id, u.display_name, r.version
                          FROM chat_room r JOIN app_user u ON u.id = r.owner_id WHERE r.id = ?""",
                (rs, row) -> new RoomHeader(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getLong(5)), roomId).stream().findFirst();
    }

    JoinState state(long roomId, long visitorId) {
        return jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM chat_room_member m"
                        + " WHERE m.room_id = r.id AND m.user_id = ?), " + LATEST_REQUEST_STATUS
                        + " FROM chat_room r WHERE r.id = ?",
                (rs, row) -> JoinState.of(rs.getBoolean(1), Optional.ofNullable(rs.getString(2))),
                visitorId, visitorId, roomId);
    }

    /** Oldest first, the latest {@link #MESSAGES_SHOWN}. */
    List<Message> messages(long roomId) {
        return jdbc.query("""
                        SELECT * FROM (
                            SELECT m.id, u.display_name, m.body, m.created_at
                              FROM chat_message m JOIN app_user u ON u.id = m.author_id
                             WHERE m.room_id = ? ORDER BY m.id DESC LIMIT ?) latest
                         ORDER BY id""",
                (rs, row) -> new Message(rs.getLong(1), rs.getString(2), rs.getString(3), stamp(rs, 4)),
                roomId, MESSAGES_SHOWN);
    }

    List<Member> members(long roomId, long ownerId) {
        return jdbc.query("""
                        SELECT u.display_name, u.id FROM chat_room_member m JOIN app_user u ON u.id = m.user_id
                         WHERE m.room_id = ? ORDER BY u.display_name, u.id""",
                (rs, row) -> new Member(rs.getString(1), rs.getLong(2) == ownerId), roomId);
    }

    List<Request> pendingRequests(long roomId) {
        return jdbc.query("""
                        SELECT q.id, u.display_name, q.created_at
                          FROM chat_room_join_request q JOIN app_user u ON u.id = q.user_id
                         WHERE q.room_id = ? AND q.status = 'pending' ORDER BY q.id""",
                (rs, row) -> new Request(rs.getLong(1), rs.getString(2), stamp(rs, 3)), roomId);
    }

    private static Stamp stamp(ResultSet rs, int column) throws SQLException {
        return Stamp.of(rs.getObject(column, OffsetDateTime.class).toInstant());
    }
}
