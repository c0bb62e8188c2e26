package io.nostale.wire;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The moment a page's data was read, exactly: the WAL position and the MVCC snapshot of the read
 * transaction, and the database clock at that moment.
 *
 * <ul>
 * <li>{@code snapshot} decides, transaction by transaction, whether a change is already in the page
 * ({@link XidSnapshot#isVisible}). WAL order and visibility differ: a transaction can have its commit
 * record before {@code lsn} and still be invisible, so the LSN alone is not exact.</li>
 * <li>{@code lsn} ({@code pg_current_wal_lsn()} read after the snapshot) bounds the other side: every
 * transaction that commits at or after it is invisible.</li>
 * <li>{@code readAt} ({@code clock_timestamp()} of the database) tells a reader of the change history how
 * far back to start looking for the invisible transactions that committed before {@code lsn}.</li>
 * <li>{@code heldSince}, null unless a commit was held: the start of the oldest transaction that had written its commit record but
 * was still invisible at the read, waiting for a synchronous standby's acknowledgement. Its change may lie in the
 * history any time before {@code readAt}, not just shortly before; a reader starts looking at this instant.</li>
 * </ul>
 *
 * <p>Canonical text: {@code LSN@XMIN:XMAX:XIP@INSTANT}, or {@code LSN@XMIN:XMAX:XIP@INSTANT@HELDSINCE} when a
 * commit was held, e.g. {@code 0/1A2B3C4@755:759:756,757@2026-11-25T19:40:00.123Z}.
 */
public record Timepoint(Lsn lsn, XidSnapshot snapshot, Instant readAt, Instant heldSince) {

    /** Generous bound on the text form; a real one is far shorter unless thousands of xacts are in progress. */
    public static final int MAX_TEXT_LENGTH = 1_300_000;

    public Timepoint {
        Objects.requireNonNull(lsn, "lsn");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(readAt, "readAt");
        if (heldSince != null && heldSince.isAfter(readAt)) {
            throw new MalformedValueException("timepoint's held commit (" + heldSince + ") lies after its read ("
                    + readAt + ")");
        }
    }

    /** A timepoint read while no commit was held invisible. */
    public Timepoint(Lsn lsn, XidSnapshot snapshot, Instant readAt) {
        this(lsn, snapshot, readAt, null);
    }

    /**
     * Where a reader of the change history must start looking for the changes this page has not seen: the read less
     * the window in which a commit may stay invisible unnoticed, or the oldest held commit if that lies earlier.
     */
    public Instant historyStart(Duration visibilityWindow) {
        Instant windowStart = readAt.minus(visibilityWindow);
        return heldSince != null && heldSince.isBefore(windowStart) ? heldSince : windowStart;
    }

    public static Timepoint parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new MalformedValueException("timepoint missing");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new MalformedValueException("timepoint longer than " + MAX_TEXT_LENGTH + " characters");
        }
        String[] parts = text.split("@", -1);
        if (parts.length != 3 && parts.length != 4) {
            throw new MalformedValueException("timepoint must be LSN@SNAPSHOT@INSTANT[@HELDSINCE], got "
                    + Texts.quote(text));
        }
        Instant heldSince = parts.length == 4 ? instant(parts[3]) : null;
        return new Timepoint(Lsn.parse(parts[0]), XidSnapshot.parse(parts[1]), instant(parts[2]), heldSince);
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw new MalformedValueException("timepoint instant must be ISO-8601 UTC, got " + Texts.quote(text));
        }
    }

    /** True when the change made by transaction {@code xid8} is already reflected in the page. */
    public boolean includes(long xid8) {
        return snapshot.isVisible(xid8);
    }

    @Override
    public String toString() {
        return lsn + "@" + snapshot + "@" + readAt + (heldSince == null ? "" : "@" + heldSince);
    }
}
