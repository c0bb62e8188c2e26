package io.nostale.systemtest.history;

import io.nostale.systemtest.SystemUnderTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Writer threads changing the chat tables over plain JDBC, as outside tools would: transactions of 1–4 random
 * statements (request, admit = status + member in one transaction, deny, leave, rename, post a message) on the
 * world's users and rooms. Paced to spread {@code changes} row changes over {@code duration}. A transaction a
 * constraint or a deadlock refuses is rolled back and counted, not an error: the database decided, the pages follow.
 */
final class HistoryGenerator {

    private final SystemUnderTest sut;
    private final World world;
    private final HistoryChecker checker;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong committedChanges = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    HistoryGenerator(SystemUnderTest sut, World world, HistoryChecker checker) {
        this.sut = sut;
        this.world = world;
        this.checker = checker;
    }

    void start(int writers, long changes, long durationMillis, long seed) {
        long perWriter = Math.max(1, changes / writers);
        for (int i = 0; i < writers; i++) {
            Random random = new Random(seed * 31 + i);
            Thread thread = new Thread(() -> write(random, perWriter, durationMillis), "history-writer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Stops the writers (after their current transaction) and waits for them. */
    long stopAndJoin() throws InterruptedException {
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        return committedChanges.get();
    }

    /** Every writer reached its share of the changes (or was stopped). */
    boolean finished() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    private void write(Random random, long target, long durationMillis) {
        long started = System.currentTimeMillis();
        long[] mine = {0};
        Connection connection = null;
        while (!stop.get() && mine[0] < target) {
            connection = step(connection, random, mine);
            // pacing: stay on the line from 0 to target over the duration, so pages connect while history is made
            long due = started + durationMillis * mine[0] / target;
            long wait = due - System.currentTimeMillis();
            if (wait > 0) {
                sleepQuietly(Math.min(wait, 200));
            }
        }
        close(connection);
    }

    /**
     * A writer outside the paced phase: transactions back to back until {@code done}. The forced race
     * ({@link FaultInjector}) runs a few, so that commits wait for the silent standby whenever it is injected,
     * whether or not the paced writers are still at work.
     */
    void writeUntil(BooleanSupplier done, Random random) {
        long[] mine = {0};
        Connection connection = null;
        while (!done.getAsBoolean()) {
            connection = step(connection, random, mine);
        }
        close(connection);
    }

    /** One transaction, counted; returns the connection to go on with ({@code null} after a connection failure). */
    private Connection step(Connection connection, Random random, long[] mine) {
        try {
            if (connection == null) {
                connection = sut.connect();
                // the embedded server commits locally; writers ask to wait for a synchronous standby, so
                // that the forced race (FaultInjector) holds their commits in WAL but invisible
                try (java.sql.Statement session = connection.createStatement()) {
                    session.execute("SET synchronous_commit = on");
                }
                connection.setAutoCommit(false);
            }
            int changed = transaction(connection, random);
            mine[0] += changed;
            committedChanges.addAndGet(changed);
            checker.count("transactions committed");
            checker.add("row changes committed", changed);
            return connection;
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            rollback(connection);
            if (state.startsWith("23") || state.equals("40P01") || state.equals("40001")) {
                checker.count("transactions rolled back (" + (state.startsWith("23") ? "constraint" : "conflict") + ")");
                return connection;
            }
            checker.count("writer connection failures");
            close(connection);
            sleepQuietly(100); // the database may be restarting: back off instead of spinning
            return null;
        }
    }

    private int transaction(Connection c, Random random) throws SQLException {
        int statements = 1 + random.nextInt(4);
        int changed = 0;
        for (int i = 0; i < statements; i++) {
            long user = world.users().get(random.nextInt(world.users().size())).id();
            long room = world.rooms().get(random.nextInt(world.rooms().size()));
            int pick = random.nextInt(100);
            if (pick < 25) {
                changed += update(c, "INSERT INTO chat_room_join_request (room_id, user_id) VALUES (?, ?)", room, user);
            } else if (pick < 40) {
                changed += decide(c, user, "admitted");
            } else if (pick < 50) {
                changed += decide(c, user, "denied");
            } else if (pick < 60) {
                changed += update(c, "DELETE FROM chat_room_member WHERE user_id = ? AND room_id = (SELECT room_id FROM "
                        + "chat_room_member WHERE user_id = ? AND room_id <> ? ORDER BY random() LIMIT 1)", user, user, world.beacon());
            } else if (pick < 85) {
                changed += update(c, "UPDATE chat_room SET title = ? WHERE id = ?",
                        World.TITLES.get(random.nextInt(World.TITLES.size())), room);
            } else {
                changed += update(c, "INSERT INTO chat_message (room_id, author_id, body) VALUES (?, ?, ?)",
                        room, user, "m" + random.nextInt(1_000_000));
            }
        }
        c.commit();
        return changed;
    }

    /** Admit (request + member in the same transaction) or deny one of the user's pending requests. */
    private static int decide(Connection c, long user, String status) throws SQLException {
        try (PreparedStatement s = prepare(c, "UPDATE chat_room_join_request SET status = ?, decided_at = now() WHERE id = "
                + "(SELECT id FROM chat_room_join_request WHERE user_id = ? AND status = 'pending' ORDER BY random() LIMIT 1) "
                + "AND status = 'pending' RETURNING room_id", status, user); ResultSet rows = s.executeQuery()) {
            if (!rows.next()) {
                return 0;
            }
            long room = rows.getLong(1);
            if (!"admitted".equals(status)) {
                return 1;
            }
            return 1 + update(c, "INSERT INTO chat_room_member (room_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", room, user);
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, args)) {
            return s.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
        return s;
    }

    private static void rollback(Connection c) {
        try {
            if (c != null) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is gone; the next transaction opens a new one
        }
    }

    private static void close(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // nothing to release any more
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
