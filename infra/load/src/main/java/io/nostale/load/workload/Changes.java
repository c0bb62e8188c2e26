package io.nostale.load.workload;

import io.nostale.load.check.WorkloadChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;

/**
 * The writers' statements. Each is one autocommit statement that returns its transaction's id, so the check can
 * decide visibility in a page's snapshot exactly. The change id is taken (and its marker written into the row)
 * before the statement runs, and the moment the COMMIT returned is logged right after.
 */
public final class Changes {

    private static final String RENAME = "UPDATE chat_room SET title = ? WHERE id = ? RETURNING pg_current_xact_id()::text";
    private static final String POST = "INSERT INTO chat_message (room_id, author_id, body) VALUES (?, ?, ?)"
            + " RETURNING pg_current_xact_id()::text";
    private static final String TOUCH_REQUEST = "UPDATE chat_room_join_request SET decided_at = clock_timestamp()"
            + " WHERE id = ? RETURNING version, pg_current_xact_id()::text";
    private static final String REQUEST_VERSION = "SELECT version FROM chat_room_join_request WHERE id = ?";

    private Changes() {
    }

    /**
     * Private changes: each reaches exactly one user's pages. Alternately the user's join request (to a lobby of the
     * landlord, who has no pages: it reaches the user's home and directory pages) and a message in the user's own
     * room (its only member: it reaches the user's own-room pages). Thread {@code t} of {@code T} writes for the
     * users {@code u ≡ t (mod T)} among the first {@code activeUsers}, so each request row has one writer.
     */
    public static PacedWriter.Actions privateChanges(World world, CommitLog log, RequestMarkers markers, int activeUsers) {
        return (thread, threads) -> {
            int mine = (activeUsers - thread + threads - 1) / threads;
            if (mine < 1) {
                throw new IllegalArgumentException("writer thread " + thread + " has no user; use at most " + activeUsers + " threads");
            }
            SplittableRandom random = new SplittableRandom(31L * thread + activeUsers);
            return (connection, sequence) -> {
                int user = thread + threads * random.nextInt(mine);
                if (sequence % 2 == 0) {
                    touchRequest(connection, world, log, markers, user);
                } else {
                    post(connection, log, world.ownRoom(user), world.userId(user), "note to self");
                }
            };
        };
    }

    /**
     * Public changes: room titles (they reach every home and directory page), the clubs' in turn. Thread {@code t}
     * of {@code T} renames the clubs {@code c ≡ t (mod T)}, so two threads never wait for each other's row lock.
     */
    public static PacedWriter.Actions publicChanges(World world, CommitLog log) {
        return (thread, threads) -> {
            int mine = (world.clubs() - thread + threads - 1) / threads;
            if (mine < 1) {
                throw new IllegalArgumentException("rename thread " + thread + " has no club; use at most " + world.clubs());
            }
            return (connection, sequence) -> {
                int club = thread + threads * (int) (sequence % mine);
                rename(connection, log, world.club(club), "club " + club);
            };
        };
    }

    static void rename(Connection c, CommitLog log, long roomId, String what) throws SQLException {
        int id = log.allocate(new WorkloadChange.TitleChanged(roomId));
        try (PreparedStatement statement = c.prepareStatement(RENAME)) {
            statement.setString(1, Markers.title(id, what));
            statement.setLong(2, roomId);
            committed(log, id, statement);
        }
    }

    static void post(Connection c, CommitLog log, long roomId, long authorId, String what) throws SQLException {
        int id = log.allocate(new WorkloadChange.MessagePosted(roomId));
        try (PreparedStatement statement = c.prepareStatement(POST)) {
            statement.setLong(1, roomId);
            statement.setLong(2, authorId);
            statement.setString(3, Markers.message(id, what));
            committed(log, id, statement);
        }
    }

    static void touchRequest(Connection c, World world, CommitLog log, RequestMarkers markers, int user)
            throws SQLException {
        long requestId = world.requestId(user);
        int version = world.requestVersions().get(user) + 1;
        int id = log.allocate(new WorkloadChange.RequestUpdated(world.userId(user), world.requestRoom(user)));
        markers.register(requestId, version, id);
        try (PreparedStatement statement = c.prepareStatement(TOUCH_REQUEST)) {
            statement.setLong(1, requestId);
            long xid;
            long committedAt;
            int written;
            try (ResultSet row = statement.executeQuery()) {
                committedAt = System.nanoTime();
                row.next();
                written = row.getInt(1);
                xid = Long.parseLong(row.getString(2));
            }
            if (written != version) {
                log.failed(id);
                world.requestVersions().set(user, written);
                throw new IllegalStateException("join request " + requestId + " reached version " + written + ", expected "
                        + version + ": another writer touched it");
            }
            world.requestVersions().set(user, version);
            log.committed(id, xid, committedAt);
        } catch (SQLException e) {
            log.failed(id);
            resyncVersion(c, world, user);
            throw e;
        }
    }

    /** After a failed update the row may or may not have moved on: ask the database. */
    private static void resyncVersion(Connection c, World world, int user) {
        try (PreparedStatement statement = c.prepareStatement(REQUEST_VERSION)) {
            statement.setLong(1, world.requestId(user));
            try (ResultSet row = statement.executeQuery()) {
                if (row.next()) {
                    world.requestVersions().set(user, row.getInt(1));
                }
            }
        } catch (SQLException e) {
            // the connection is gone; the next attempt after a reconnect finds out
        }
    }

    private static void committed(CommitLog log, int id, PreparedStatement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            long committedAt = System.nanoTime(); // autocommit: the statement returned after COMMIT
            row.next();
            log.committed(id, Long.parseLong(row.getString(1)), committedAt);
        } catch (SQLException | RuntimeException e) {
            log.failed(id);
            throw e;
        }
    }
}
