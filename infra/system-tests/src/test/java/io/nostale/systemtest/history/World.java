package io.nostale.systemtest.history;

import io.nostale.systemtest.Db;
import io.nostale.systemtest.Db.User;
import io.nostale.systemtest.SystemUnderTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The fixed cast of a history: visitor users, an owner, many rooms (so the one-pending-request index rarely
 * refuses a random request) and the beacon room every visitor is a member of and never leaves. Renaming the beacon
 * is the final write: a page that shows its final title has applied everything committed before it.
 */
record World(List<User> users, User owner, List<Long> rooms, long beacon) {

    /** Titles chosen to collide and to sort differently by code unit than by locale (case, accents). */
    static final List<String> TITLES = List.of("alpha", "Alpha", "beta", "Beta", "Ähre", "zeta", "Zeta", "émile",
            "Emile", "omega", "Omega", "delta", "kappa", "Kappa", "yak", "Ångström");

    static World create(SystemUnderTest sut, int userCount, int roomCount, Random random) throws SQLException {
        Db db = new Db(sut);
        List<User> users = new ArrayList<>();
        for (int i = 0; i < userCount; i++) {
            users.add(db.user("hv"));
        }
        User owner = db.user("howner");
        List<Long> rooms = new ArrayList<>();
        try (Connection connection = sut.connect()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < roomCount; i++) {
                rooms.add(insertRoom(connection, TITLES.get(random.nextInt(TITLES.size())), owner.id()));
            }
            long beacon = insertRoom(connection, "~beacon", owner.id());
            for (User user : users) {
                member(connection, beacon, user.id());
                // a starting state: some memberships and pending requests already rendered on the first pages
                for (int i = 0; i < 3; i++) {
                    long room = rooms.get(random.nextInt(rooms.size()));
                    if (random.nextBoolean()) {
                        try (PreparedStatement s = connection.prepareStatement(
                                "INSERT INTO chat_room_member (room_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                            s.setLong(1, room);
                            s.setLong(2, user.id());
                            s.executeUpdate();
                        }
                    } else {
                        try (PreparedStatement s = connection.prepareStatement("INSERT INTO chat_room_join_request "
                                + "(room_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                            s.setLong(1, room);
                            s.setLong(2, user.id());
                            s.executeUpdate();
                        }
                    }
                }
            }
            connection.commit();
            return new World(List.copyOf(users), owner, List.copyOf(rooms), beacon);
        }
    }

    /** The final write of a history; returns the beacon's new version. */
    long renameBeacon(SystemUnderTest sut, String title) throws SQLException {
        try (Connection connection = sut.connect();
                PreparedStatement s = connection.prepareStatement("UPDATE chat_room SET title = ? WHERE id = ? RETURNING version")) {
            s.setString(1, title);
            s.setLong(2, beacon);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static long insertRoom(Connection connection, String title, long owner) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO chat_room (title, owner_id) VALUES (?, ?) RETURNING id")) {
            s.setString(1, title);
            s.setLong(2, owner);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                long id = rows.getLong(1);
                member(connection, id, owner);
                return id;
            }
        }
    }

    private static void member(Connection connection, long room, long user) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO chat_room_member (room_id, user_id) VALUES (?, ?)")) {
            s.setLong(1, room);
            s.setLong(2, user);
            s.executeUpdate();
        }
    }
}
