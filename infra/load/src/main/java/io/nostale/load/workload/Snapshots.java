package io.nostale.load.workload;

import io.nostale.wire.PageGrant;
import io.nostale.wire.Timepoint;
import io.nostale.wire.TimepointCapture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a timepoint the way the renderer's SnapshotReader does — one {@code REPEATABLE READ READ ONLY} transaction
 * whose first statement captures snapshot, LSN and database clock — and, in the same snapshot, the grants of the
 * room pages about to be opened with it (as the renderer finds a user's access with the page data). One read serves
 * a small batch of pages opened together. One instance per thread: it keeps its connection.
 */
public final class Snapshots implements AutoCloseable {

    private static final String GRANTS = "SELECT p.u, p.r, r.owner_id = p.u,"
            + " EXISTS (SELECT 1 FROM chat_room_member m WHERE m.room_id = p.r AND m.user_id = p.u)"
            + " FROM unnest(?::bigint[], ?::bigint[]) AS p(u, r) JOIN chat_room r ON r.id = p.r";

    private final Database db;
    private Connection connection;

    public Snapshots(Database db) {
        this.db = db;
    }

    /** A user's room page to find grants for. */
    public record RoomAccess(long userId, long roomId) {
    }

    /** The timepoint and, per requested room page, the grants found in its snapshot. */
    public record Read(Timepoint timepoint, Map<RoomAccess, Set<PageGrant>> grants) {
    }

    public Read read(List<RoomAccess> roomPages) throws SQLException {
        Connection c = connection();
        try {
            Timepoint timepoint;
            try (Statement capture = c.createStatement(); ResultSet row = capture.executeQuery(TimepointCapture.QUERY)) {
                row.next();
                timepoint = TimepointCapture.of(row.getString(1), row.getString(2),
                        row.getObject(3, OffsetDateTime.class), row.getObject(4, OffsetDateTime.class));
            }
            Map<RoomAccess, Set<PageGrant>> grants = new HashMap<>();
            if (!roomPages.isEmpty()) {
                Long[] users = new Long[roomPages.size()];
                Long[] rooms = new Long[roomPages.size()];
                for (int i = 0; i < roomPages.size(); i++) {
                    users[i] = roomPages.get(i).userId();
                    rooms[i] = roomPages.get(i).roomId();
                }
                try (PreparedStatement query = c.prepareStatement(GRANTS)) {
                    query.setArray(1, c.createArrayOf("bigint", users));
                    query.setArray(2, c.createArrayOf("bigint", rooms));
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            EnumSet<PageGrant> found = EnumSet.noneOf(PageGrant.class);
                            if (rows.getBoolean(4)) {
                                found.add(PageGrant.MEMBER);
                            }
                            if (rows.getBoolean(3)) {
                                found.add(PageGrant.OWNER);
                            }
                            grants.put(new RoomAccess(rows.getLong(1), rows.getLong(2)), Set.copyOf(found));
                        }
                    }
                }
            }
            c.commit();
            return new Read(timepoint, grants);
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = db.connect();
            // As Spring's TransactionTemplate does it for the renderer: isolation and read-only set on the
            // connection, so the driver's BEGIN is a REPEATABLE READ READ ONLY transaction and TimepointCapture.QUERY its first query.
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            c.setReadOnly(true);
            connection = c;
        }
        return connection;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // gone already
            }
            connection = null;
        }
    }
}
