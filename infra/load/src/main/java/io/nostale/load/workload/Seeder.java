package io.nostale.load.workload;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Seeds the driver's rows in one transaction, before any page is opened (so every page's snapshot contains them and
 * none of them is ever delivered). Set-based SQL: 1,500 users with rooms and requests take well under a second.
 */
public final class Seeder {

    /** Lobbies the join requests go to. */
    static final int LOBBIES = 16;
    /** Not a password hash: nobody logs in as a load user (the driver signs its own tokens). */
    private static final String NO_LOGIN = "!load-driver-user";

    private Seeder() {
    }

    public static World seed(Database db, int users, int clubs) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            long landlord = one(c, "INSERT INTO app_user (username, display_name, password_hash) VALUES ('load-landlord',"
                    + " 'Load landlord', '" + NO_LOGIN + "') RETURNING id");
            long probe = one(c, "INSERT INTO app_user (username, display_name, password_hash) VALUES ('load-probe',"
                    + " 'Load probe', '" + NO_LOGIN + "') RETURNING id");
            long sentinel = room(c, "load-sentinel", landlord);
            long filler = room(c, "load-filler", landlord);
            update(c, "INSERT INTO chat_room_member (room_id, user_id) VALUES (" + filler + ", " + probe + ")");
            long[] userIds = numbered(c, "INSERT INTO app_user (username, display_name, password_hash) SELECT 'load-u' || g,"
                    + " 'Load user ' || g, '" + NO_LOGIN + "' FROM generate_series(0, " + (users - 1) + ") g"
                    + " RETURNING id, substr(username, 7)::int", users);
            long[] lobbies = rooms(c, "load-lobby-", LOBBIES, landlord);
            long[] clubRooms = rooms(c, "load-club-", clubs, landlord);
            long[] ownRooms = new long[users];
            long[] requestIds = new long[users];
            long[] requestRooms = new long[users];
            Long[] owners = new Long[users];
            Long[] clubOf = new Long[users];
            Long[] lobbyOf = new Long[users];
            for (int u = 0; u < users; u++) {
                owners[u] = userIds[u];
                clubOf[u] = clubRooms[u % clubs];
                lobbyOf[u] = lobbies[u % LOBBIES];
                requestRooms[u] = lobbies[u % LOBBIES];
            }
            Map<Long, Integer> indexOf = new HashMap<>();
            for (int u = 0; u < users; u++) {
                indexOf.put(userIds[u], u);
            }
            try (PreparedStatement own = c.prepareStatement("INSERT INTO chat_room (title, owner_id) SELECT 'load-own-' || o,"
                    + " o FROM unnest(?::bigint[]) AS t(o) RETURNING id, owner_id")) {
                own.setArray(1, bigints(c, owners));
                try (ResultSet rows = own.executeQuery()) {
                    while (rows.next()) {
                        ownRooms[indexOf.get(rows.getLong(2))] = rows.getLong(1);
                    }
                }
            }
            Long[] ownBoxed = new Long[users];
            for (int u = 0; u < users; u++) {
                ownBoxed[u] = ownRooms[u];
            }
            try (PreparedStatement members = c.prepareStatement("INSERT INTO chat_room_member (room_id, user_id)"
                    + " SELECT r, u FROM unnest(?::bigint[], ?::bigint[]) AS t(r, u)")) {
                members.setArray(1, bigints(c, ownBoxed));
                members.setArray(2, bigints(c, owners));
                members.executeUpdate();
                members.setArray(1, bigints(c, clubOf));
                members.setArray(2, bigints(c, owners));
                members.executeUpdate();
            }
            try (PreparedStatement requests = c.prepareStatement("INSERT INTO chat_room_join_request (room_id, user_id)"
                    + " SELECT r, u FROM unnest(?::bigint[], ?::bigint[]) AS t(r, u) RETURNING id, user_id")) {
                requests.setArray(1, bigints(c, lobbyOf));
                requests.setArray(2, bigints(c, owners));
                try (ResultSet rows = requests.executeQuery()) {
                    while (rows.next()) {
                        requestIds[indexOf.get(rows.getLong(2))] = rows.getLong(1);
                    }
                }
            }
            c.commit();
            return new World(landlord, probe, sentinel, filler, userIds, ownRooms, requestIds, requestRooms, clubRooms);
        }
    }

    private static long room(Connection c, String title, long owner) throws SQLException {
        return one(c, "INSERT INTO chat_room (title, owner_id) VALUES ('" + title + "', " + owner + ") RETURNING id");
    }

    private static long[] rooms(Connection c, String prefix, int count, long owner) throws SQLException {
        return numbered(c, "INSERT INTO chat_room (title, owner_id) SELECT '" + prefix + "' || g, " + owner
                + " FROM generate_series(0, " + (count - 1) + ") g RETURNING id, substr(title, " + (prefix.length() + 1)
                + ")::int", count);
    }

    /** Runs an INSERT returning (id, number) and places each id at its number. */
    private static long[] numbered(Connection c, String sql, int count) throws SQLException {
        long[] ids = new long[count];
        try (PreparedStatement statement = c.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                ids[rows.getInt(2)] = rows.getLong(1);
            }
        }
        return ids;
    }

    private static long one(Connection c, String sql) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void update(Connection c, String sql) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

    private static Array bigints(Connection c, Long[] values) throws SQLException {
        return c.createArrayOf("bigint", values);
    }
}
