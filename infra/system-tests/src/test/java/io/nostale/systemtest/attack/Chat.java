package io.nostale.systemtest.attack;

import io.nostale.systemtest.Db.User;
import io.nostale.systemtest.SystemUnderTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The chat tables as the attacks need them, written and read with plain JDBC like any outside tool. */
final class Chat {

    private final SystemUnderTest sut;

    Chat(SystemUnderTest sut) {
        this.sut = sut;
    }

    /** A room owned (and joined) by {@code owner}. */
    long room(String title, User owner) throws SQLException {
        long id = queryLong("INSERT INTO chat_room (title, owner_id) VALUES (?, ?) RETURNING id", title, owner.id());
        join(id, owner);
        return id;
    }

    void join(long roomId, User user) throws SQLException {
        update("INSERT INTO chat_room_member (room_id, user_id) VALUES (?, ?)", roomId, user.id());
    }

    long request(long roomId, User user) throws SQLException {
        return queryLong("INSERT INTO chat_room_join_request (room_id, user_id) VALUES (?, ?) RETURNING id", roomId, user.id());
    }

    long message(long roomId, User author, String body) throws SQLException {
        return queryLong("INSERT INTO chat_message (room_id, author_id, body) VALUES (?, ?, ?) RETURNING id",
                roomId, author.id(), body);
    }

    void deny(long requestId) throws SQLException {
        update("UPDATE chat_room_join_request SET status = 'denied', decided_at = now() WHERE id = ?", requestId);
    }

    void rename(long roomId, String title) throws SQLException {
        update("UPDATE chat_room SET title = ? WHERE id = ?", title, roomId);
    }

    void displayName(User user, String name) throws SQLException {
        update("UPDATE app_user SET display_name = ? WHERE id = ?", name, user.id());
    }

    /**
     * Every chat row that touches the given rooms, as text: equal before and after an attack means the attack
     * changed nothing there.
     */
    List<String> rowsOfRooms(long... roomIds) throws SQLException {
        List<String> rows = new ArrayList<>();
        for (long room : roomIds) {
            rows.addAll(texts("SELECT 'room ' || id || ' ' || title || ' v' || version FROM chat_room WHERE id = ?", room));
            rows.addAll(texts("SELECT 'member ' || user_id FROM chat_room_member WHERE room_id = ? ORDER BY user_id", room));
            rows.addAll(texts("SELECT 'request ' || id || ' ' || user_id || ' ' || status || ' v' || version"
                    + " FROM chat_room_join_request WHERE room_id = ? ORDER BY id", room));
            rows.addAll(texts("SELECT 'message ' || id || ' ' || author_id || ' ' || body FROM chat_message"
                    + " WHERE room_id = ? ORDER BY id", room));
        }
        return rows;
    }

    private List<String> texts(String sql, Object... args) throws SQLException {
        try (Connection connection = sut.connect(); PreparedStatement statement = prepare(connection, sql, args);
                ResultSet rows = statement.executeQuery()) {
            List<String> texts = new ArrayList<>();
            while (rows.next()) {
                texts.add(rows.getString(1));
            }
            return texts;
        }
    }

    /** Any statement, as an outside tool would run it. */
    void update(String sql, Object... args) throws SQLException {
        try (Connection connection = sut.connect(); PreparedStatement statement = prepare(connection, sql, args)) {
            statement.executeUpdate();
        }
    }

    long queryLong(String sql, Object... args) throws SQLException {
        try (Connection connection = sut.connect(); PreparedStatement statement = prepare(connection, sql, args);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return statement;
    }
}
