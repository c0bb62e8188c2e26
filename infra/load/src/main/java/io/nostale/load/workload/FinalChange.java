package io.nostale.load.workload;

import io.nostale.load.check.WorkloadChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The last commit of a phase, one transaction that reaches every open page: the sentinel room's title (every home
 * and directory page) and one message in each room that has room pages open (their members' pages). Changes reach
 * a page in commit order, so a page that received its part of it has received everything committed before: the
 * phase can be checked once every page has.
 */
public final class FinalChange {

    private static final String RENAME = "UPDATE chat_room SET title = ? WHERE id = ? RETURNING pg_current_xact_id()::text";
    private static final String POST_ALL = "INSERT INTO chat_message (room_id, author_id, body)"
            + " SELECT r, a, b FROM unnest(?::bigint[], ?::bigint[], ?::text[]) AS t(r, a, b)";

    /** The ids of the final change's rows: {@code [first, last]}. */
    public record Ids(int first, int last) {
        public boolean contains(int id) {
            return id >= first && id <= last;
        }
    }

    /** A room with room pages, and who posts the message there (a member, so the row is plausible). */
    public record RoomToReach(long roomId, long authorId) {
    }

    private FinalChange() {
    }

    /** Commits it; {@code announce} learns the ids before the commit, so pages can recognise the rows on arrival. */
    public static Ids commit(Database db, CommitLog log, World world, List<RoomToReach> rooms, Consumer<Ids> announce)
            throws SQLException {
        WorkloadChange[] changes = new WorkloadChange[1 + rooms.size()];
        changes[0] = new WorkloadChange.TitleChanged(world.sentinelRoom());
        for (int i = 0; i < rooms.size(); i++) {
            changes[1 + i] = new WorkloadChange.MessagePosted(rooms.get(i).roomId());
        }
        int first = log.allocate(changes);
        Ids ids = new Ids(first, first + changes.length - 1);
        announce.accept(ids);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            long xid;
            try (PreparedStatement rename = c.prepareStatement(RENAME)) {
                rename.setString(1, Markers.title(first, "final change of the phase"));
                rename.setLong(2, world.sentinelRoom());
                try (ResultSet row = rename.executeQuery()) {
                    row.next();
                    xid = Long.parseLong(row.getString(1));
                }
            }
            if (!rooms.isEmpty()) {
                Long[] roomIds = new Long[rooms.size()];
                Long[] authors = new Long[rooms.size()];
                String[] bodies = new String[rooms.size()];
                for (int i = 0; i < rooms.size(); i++) {
                    roomIds[i] = rooms.get(i).roomId();
                    authors[i] = rooms.get(i).authorId();
                    bodies[i] = Markers.message(first + 1 + i, "final change of the phase");
                }
                try (PreparedStatement post = c.prepareStatement(POST_ALL)) {
                    post.setArray(1, c.createArrayOf("bigint", roomIds));
                    post.setArray(2, c.createArrayOf("bigint", authors));
                    post.setArray(3, c.createArrayOf("text", bodies));
                    post.executeUpdate();
                }
            }
            c.commit();
            long committedAt = System.nanoTime();
            for (int id = ids.first(); id <= ids.last(); id++) {
                log.committed(id, xid, committedAt);
            }
            return ids;
        } catch (SQLException | RuntimeException e) {
            for (int id = ids.first(); id <= ids.last(); id++) {
                log.failed(id);
            }
            throw e;
        }
    }

    /**
     * Fills the gateway's in-memory change log before the baseline, so that memory measured later is what the
     * sockets cost, not the log filling up: {@code count} messages in the filler room, 500 per transaction. Returns
     * the ids.
     */
    public static Ids prefill(Database db, CommitLog log, World world, int count) throws SQLException {
        WorkloadChange change = new WorkloadChange.MessagePosted(world.fillerRoom());
        WorkloadChange[] changes = new WorkloadChange[count];
        java.util.Arrays.fill(changes, change);
        int first = log.allocate(changes);
        try (Connection c = db.connect();
                PreparedStatement insert = c.prepareStatement("INSERT INTO chat_message (room_id, author_id, body)"
                        + " SELECT ?, ?, 'ld-' || (? + g) || ' prefill — load driver message, about as long as a chat line'"
                        + " FROM generate_series(0, ? - 1) g");
                PreparedStatement xidOf = c.prepareStatement("SELECT pg_current_xact_id()::text")) {
            c.setAutoCommit(false);
            for (int done = 0; done < count; done += 500) {
                int batch = Math.min(500, count - done);
                insert.setLong(1, world.fillerRoom());
                insert.setLong(2, world.probeUserId());
                insert.setLong(3, first + done);
                insert.setInt(4, batch);
                insert.executeUpdate();
                long xid;
                try (ResultSet row = xidOf.executeQuery()) {
                    row.next();
                    xid = Long.parseLong(row.getString(1));
                }
                c.commit();
                long committedAt = System.nanoTime();
                for (int id = first + done; id < first + done + batch; id++) {
                    log.committed(id, xid, committedAt);
                }
            }
        }
        return new Ids(first, first + count - 1);
    }
}
