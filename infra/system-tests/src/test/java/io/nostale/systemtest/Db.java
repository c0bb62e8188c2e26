package io.nostale.systemtest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Plain JDBC writes, the way outside tools (psql, migrations, other services) change the chat tables. */
public final class Db {

    public static final String PASSWORD = "secret-pw";
    private static final String HASH = new BCryptPasswordEncoder(4).encode(PASSWORD);
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final SystemUnderTest sut;

    public Db(SystemUnderTest sut) {
        this.sut = sut;
    }

    /** A new user with a unique name; password {@link #PASSWORD}. */
    public User user(String prefix) throws SQLException {
        String name = prefix + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
        long id = queryLong("INSERT INTO app_user (username, display_name, password_hash) VALUES (?, ?, ?) RETURNING id",
                name, prefix.substring(0, 1).toUpperCase() + prefix.substring(1), HASH);
        return new User(id, name);
    }

    long room(String title, User owner) throws SQLException {
        long id = queryLong("INSERT INTO chat_room (title, owner_id) VALUES (?, ?) RETURNING id", title, owner.id());
        update("INSERT INTO chat_room_member (room_id, user_id) VALUES (?, ?)", id, owner.id());
        return id;
    }

    long request(long roomId, User user) throws SQLException {
        return queryLong("INSERT INTO chat_room_join_request (room_id, user_id) VALUES (?, ?) RETURNING id", roomId, user.id());
    }

    void admit(long requestId) throws SQLException {
        try (Connection connection = sut.connect()) {
            connection.setAutoCommit(false);
            long[] roomAndUser = new long[2];
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE chat_room_join_request SET status = 'admitted', decided_at = now() WHERE id = ? RETURNING room_id, user_id")) {
                statement.setLong(1, requestId);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    roomAndUser[0] = rows.getLong(1);
                    roomAndUser[1] = rows.getLong(2);
                }
            }
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO chat_room_member (room_id, user_id) VALUES (?, ?)")) {
                statement.setLong(1, roomAndUser[0]);
                statement.setLong(2, roomAndUser[1]);
                statement.executeUpdate();
            }
            connection.commit();
        }
    }

    void deny(long requestId) throws SQLException {
        update("UPDATE chat_room_join_request SET status = 'denied', decided_at = now() WHERE id = ?", requestId);
    }

    void rename(long roomId, String title) throws SQLException {
        update("UPDATE chat_room SET title = ? WHERE id = ?", title, roomId);
    }

    void leave(long roomId, User user) throws SQLException {
        update("DELETE FROM chat_room_member WHERE room_id = ? AND user_id = ?", roomId, user.id());
    }

    /** A message by {@code author}, as an outside tool would insert it; returns its id. */
    long message(long roomId, User author, String body) throws SQLException {
        return queryLong("INSERT INTO chat_message (room_id, author_id, body) VALUES (?, ?, ?) RETURNING id", roomId, author.id(), body);
    }

    /** The room's message ids, oldest first (the order room pages show). */
    java.util.List<Long> messageIds(long roomId) throws SQLException {
        return queryLongs("SELECT id FROM chat_message WHERE room_id = ? ORDER BY id", roomId);
    }

    java.util.List<Long> queryLongs(String sql, Object... args) throws SQLException {
        try (Connection connection = sut.connect(); PreparedStatement statement = prepare(connection, sql, args);
                ResultSet rows = statement.executeQuery()) {
            java.util.List<Long> values = new java.util.ArrayList<>();
            while (rows.next()) {
                values.add(rows.getLong(1));
            }
            return values;
        }
    }

    int update(String sql, Object... args) throws SQLException {
        try (Connection connection = sut.connect(); PreparedStatement statement = prepare(connection, sql, args)) {
            return statement.executeUpdate();
        }
    }

    long queryLong(String sql, Object... args) throws SQLException {
        try (Connection connection = sut.connect(); PreparedStatement statement = prepare(connection, sql, args);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    String queryText(String sql, Object... args) throws SQLException {
        try (Connection connection = sut.connect(); PreparedStatement statement = prepare(connection, sql, args);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }

    static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return statement;
    }

    public record User(long id, String username) {
    }
}
