package io.nostale.wire;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * How a reader captures its {@link Timepoint}: one statement, the first of a {@code REPEATABLE READ} transaction (so
 * the transaction's snapshot is the one it names), and how its columns make the timepoint. The one definition for
 * the renderer and anything else that reads pages the way it does (the load driver).
 *
 * <p>The fourth column looks for commits held invisible: a transaction waiting for a synchronous standby's
 * acknowledgement ({@code wait_event = 'SyncRep'}) has written its commit record, so its change may reach the change
 * topic long before this read, yet the snapshot does not see it. Its start ({@code xact_start}, at or before its
 * commit time) becomes {@link Timepoint#heldSince}. Other roles' wait events are visible only with
 * {@code pg_read_all_stats} (or as superuser).
 */
public final class TimepointCapture {

    /** Snapshot first (the statement takes it), the WAL position after it, then the clock and any held commit. */
    public static final String QUERY = "SELECT pg_current_snapshot()::text, pg_current_wal_lsn()::text,"
            + " clock_timestamp(), (SELECT min(xact_start) FROM pg_stat_activity WHERE wait_event = 'SyncRep')";

    private TimepointCapture() {
    }

    /** The timepoint from the query's four columns; {@code heldStart} is null when no commit was held. */
    public static Timepoint of(String snapshot, String lsn, OffsetDateTime readAt, OffsetDateTime heldStart) {
        Instant read = readAt.toInstant();
        Instant held = heldStart == null ? null : heldStart.toInstant();
        if (held != null && held.isAfter(read)) {
            held = read; // a waiter began before the read; this only absorbs the two clock readings' precision
        }
        return new Timepoint(Lsn.parse(lsn), XidSnapshot.parse(snapshot), read, held);
    }
}
