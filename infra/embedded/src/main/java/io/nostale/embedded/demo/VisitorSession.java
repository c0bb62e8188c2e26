package io.nostale.embedded.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;

/**
 * One step at a time: read the world, pick a change, write it. Holds one connection and opens a new one after
 * any failure, so a restarted database costs a few failed steps, never the visitors. Not thread-safe: one thread
 * steps (the scheduler of {@link DemoVisitors}, or a test).
 */
final class VisitorSession implements AutoCloseable {

    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

    private final DatabaseLogin login;
    private final ActionPicker picker;
    private final String person;
    private final Random random;
    private final Duration settle;
    private Optional<Connection> connection = Optional.empty();

    /** @param settle how long a new member stays before they may leave again (zero: no such rule) */
    VisitorSession(DatabaseLogin login, String person, Random random, Duration settle) {
        this.login = login;
        this.settle = settle;
        this.person = person;
        this.picker = new ActionPicker(person);
        this.random = random;
    }

    Step step() {
        String description = "reading the tables";
        try {
            Connection c = connection();
            World world = DemoQueries.read(c, settle);
            Optional<Action> next = picker.pick(world, random);
            if (next.isEmpty()) {
                return new Step.Idle();
            }
            Action action = next.get();
            requireNotPerson(world, action);
            description = Narrator.describe(action, world);
            return DemoWrites.apply(c, action)
                    ? new Step.Applied(action, description)
                    : new Step.Skipped(description);
        } catch (SQLException e) {
            if (isConflict(e)) {
                rollbackQuietly();
                return new Step.Conflict(description, e.getMessage() + " (SQLState " + e.getSQLState() + ")");
            }
            disconnect();
            return new Step.Unavailable(e.getMessage() + " (SQLState " + e.getSQLState() + ")");
        } catch (RuntimeException e) {
            disconnect();
            throw e;
        }
    }

    @Override
    public void close() {
        disconnect();
    }

    /** Constraint violations (class 23) and serialization failures or deadlocks (class 40): skip the change. */
    static boolean isConflict(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("23") || state.startsWith("40"));
    }

    /** A bug guard: the picker never chooses the person; if it ever did, refuse loudly rather than write. */
    private void requireNotPerson(World world, Action action) {
        world.user(person).filter(p -> p.id() == action.actorId()).ifPresent(p -> {
            throw new IllegalStateException("refusing to act as " + person + ": " + action);
        });
    }

    private Connection connection() throws SQLException {
        if (connection.isPresent()) {
            return connection.get();
        }
        Properties props = new Properties();
        props.setProperty("user", login.username());
        props.setProperty("password", login.password());
        props.setProperty("ApplicationName", "nostale-demo-visitors");
        // seconds; a database that hangs must not hang the visitors (and with them the launcher's stop)
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        props.setProperty("socketTimeout", "15");
        Connection c = DRIVER.connect(login.jdbcUrl(), props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + login.jdbcUrl(), "08001");
        }
        try {
            c.setAutoCommit(false);
            DemoWrites.ensureVisitors(c);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        connection = Optional.of(c);
        return c;
    }

    private void rollbackQuietly() {
        connection.ifPresent(c -> {
            try {
                c.rollback();
            } catch (SQLException e) {
                disconnect();
            }
        });
    }

    private void disconnect() {
        connection.ifPresent(c -> {
            try {
                c.close();
            } catch (SQLException e) {
                // already broken; the next step opens a new one
            }
        });
        connection = Optional.empty();
    }
}
