package io.nostale.renderer.home;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The home page's reads; run inside {@link io.nostale.renderer.snapshot.SnapshotReader#read}. */
@Repository
class HomeQueries {

    private final JdbcTemplate jdbc;

    HomeQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<HomeRoom> joinedRooms(long userId) {
        return jdbc.query("""
                SELECT r.id, r.title, r.version
                  FROM chat_room_member m JOIN chat_room r ON r.id = m.room_id
                 WHERE m.user_id = ?""",
                (rs, row) -> new HomeRoom(rs.getLong(1), rs.getString(2), rs.getLong(3)), userId);
    }

    List<HomeList.PendingRoom> pendingRequests(long userId) {
        return jdbc.query("""
                SELECT q.id, q.room_id, r.title, r.version
                  FROM chat_room_join_request q JOIN chat_room r ON r.id = q.room_id
                 WHERE q.user_id = ? AND q.status = 'pending'""",
                (rs, row) -> new HomeList.PendingRoom(new PendingRequest(rs.getLong(1), rs.getLong(2)),
                        new HomeRoom(rs.getLong(2), rs.getString(3), rs.getLong(4))), userId);
    }
}
