package io.nostale.embedded.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** Reads the {@link World} in one read-only REPEATABLE READ transaction, so its parts agree with each other. */
final class DemoQueries {

    private DemoQueries() {
    }

    /**
     * @param settle how long a new member counts as a newcomer (who does not leave again at once); zero for none
     */
    static World read(Connection c, Duration settle) throws SQLException {
        // the caller's connection has auto-commit off; this is the first statement of the transaction
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
        }
        World world = new World(
                rows(c, "SELECT id, username FROM app_user ORDER BY id",
                        rs -> new World.User(rs.getLong(1), rs.getString(2))),
                rows(c, "SELECT id, title, owner_id FROM chat_room ORDER BY id",
                        rs -> new World.Room(rs.getLong(1), rs.getString(2), rs.getLong(3))),
                new HashSet<>(rows(c, "SELECT room_id, user_id FROM chat_room_member",
                        rs -> new World.Membership(rs.getLong(1), rs.getLong(2)))),
                new HashSet<>(rows(c, "SELECT room_id, user_id FROM chat_room_member WHERE joined_at > now() - "
                                + "make_interval(secs => " + settle.toMillis() / 1000.0 + ")",
                        rs -> new World.Membership(rs.getLong(1), rs.getLong(2)))),
                rows(c, "SELECT id, room_id, user_id FROM chat_room_join_request WHERE status = 'pending' ORDER BY id",
                        rs -> new World.Request(rs.getLong(1), rs.getLong(2), rs.getLong(3))),
                recentMessages(c));
        c.commit();
        return world;
    }

    private static Map<Long, List<String>> recentMessages(Connection c) throws SQLException {
        Map<Long, List<String>> recent = new HashMap<>();
        // per room through the (room_id, id) index: cheap however long the rooms grow
        for (Map.Entry<Long, String> e : rows(c, """
                        SELECT r.id, m.body FROM chat_room r
                        CROSS JOIN LATERAL (SELECT id, body FROM chat_message WHERE room_id = r.id
                                             ORDER BY id DESC LIMIT %d) m
                         ORDER BY r.id, m.id DESC""".formatted(World.RECENT_MESSAGES),
                rs -> Map.entry(rs.getLong(1), rs.getString(2)))) {
            recent.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        return recent;
    }

    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> rows(Connection c, String sql, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(row.map(rs));
            }
        }
        return out;
    }
}
