package io.nostale.wire;

import java.time.DateTimeException;
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
 * </ul>
 *
 * <p>Canonical text: {@code LSN@XMIN:XMAX:XIP@INSTANT}, e.g.
 * {@code 0/1A2B3C4@755:759:756,757@2026-11-25T19:40:00.123Z}.
 */
public record Timepoint(Lsn lsn, XidSnapshot snapshot, Instant readAt) {

    /** Generous bound on the text form; a real one is far shorter unless thousands of xacts are in progress. */
    public static final int MAX_TEXT_LENGTH = 1_300_000;

    public Timepoint {
        Objects.requireNonNull(lsn, "lsn");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(readAt, "readAt");
    }

    public static Timepoint parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new MalformedValueException("timepoint missing");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new MalformedValueException("timepoint longer than " + MAX_TEXT_LENGTH + " characters");
        }
        String[] parts = text.split("@", -1);
        if (parts.length != 3) {
            throw new MalformedValueException("timepoint must be LSN@SNAPSHOT@INSTANT, got " + Texts.quote(text));
        }
        Instant readAt;
        try {
            readAt = Instant.parse(parts[2]);
        } catch (DateTimeException e) {
            throw new MalformedValueException("timepoint instant must be ISO-8601 UTC, got " + Texts.quote(parts[2]));
        }
        return new Timepoint(Lsn.parse(parts[0]), XidSnapshot.parse(parts[1]), readAt);
    }

    /** True when the change made by transaction {@code xid8} is already reflected in the page. */
    public boolean includes(long xid8) {
        return snapshot.isVisible(xid8);
    }

    @Override
    public String toString() {
        return lsn + "@" + snapshot + "@" + readAt;
    }
}
