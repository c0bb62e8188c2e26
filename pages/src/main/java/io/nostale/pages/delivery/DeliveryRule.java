package io.nostale.pages.delivery;

import io.nostale.pages.PageFilter;
import io.nostale.pages.Verdict;
import io.nostale.pages.delivery.ResyncReason;
import io.nostale.pages.record.LoggedRecord;
import io.nostale.wire.Lsn;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.Timepoint;

/**
 * The rule that decides, for one page and one record of the stream, whether the page gets it. Pure: the same page,
 * floor and record give the same decision wherever it runs (live fan-out, catch-up, tests).
 *
 * <ol>
 * <li>A change at or before the page's floor is skipped: the page reflects it already, or a relay restart re-sent
 * it (duplicates carry the position of the original).</li>
 * <li>A change whose transaction is visible in the page's snapshot is skipped: the page was rendered with it.</li>
 * <li>Otherwise the page's filter decides: hide, show, or show and end the subscription (access changed).</li>
 * <li>A {@code stream-start} (the relay created its slot) that the page was read before, by WAL position or by the
 * database clock, means changes the page needs were never captured: resync. One the page was read after only starts
 * positions over.</li>
 * <li>A {@code truncate} of a table is judged by rules 1 and 2 like a change, except that one at the floor itself is
 * judged again: the tables of one statement share its position (D22), so a floor moved there by one of them does not
 * make the next a duplicate. Judging a truncate twice decides the same, so a re-sent one is harmless. Past both
 * rules, a page that shows the table resyncs ({@code truncated}); any other page skips it.</li>
 * <li>An unreadable record: what it held cannot be known: resync.</li>
 * </ol>
 */
public final class DeliveryRule {

    private DeliveryRule() {
    }

    public static Decision judge(Timepoint timepoint, PageFilter filter, StreamPosition floor, LoggedRecord record) {
        if (record instanceof LoggedRecord.Change change) {
            return change(timepoint, filter, floor, change);
        }
        if (record instanceof LoggedRecord.Truncate truncate) {
            return truncate(timepoint, filter, floor, truncate);
        }
        if (record instanceof LoggedRecord.Start start) {
            return start(timepoint, start);
        }
        return new Decision.Resync(ResyncReason.UNREADABLE_RECORD,
                "change record at offset " + record.offset() + " is unreadable", floor);
    }

    private static Decision change(Timepoint timepoint, PageFilter filter, StreamPosition floor,
            LoggedRecord.Change change) {
        if (!change.position().isAfter(floor)) {
            return new Decision.Skip(Decision.Why.ALREADY_APPLIED, floor);
        }
        StreamPosition next = change.position();
        long xid = timepoint.snapshot().widen(change.event().txId());
        if (timepoint.includes(xid)) {
            return new Decision.Skip(Decision.Why.IN_SNAPSHOT, next);
        }
        Verdict verdict = filter.judge(change.event());
        if (verdict instanceof Verdict.Show show) {
            return new Decision.Deliver(show.shown(), xid, next);
        }
        if (verdict instanceof Verdict.ShowThenEnd end) {
            return new Decision.DeliverThenEnd(end.shown(), xid, end.why(), next);
        }
        return new Decision.Skip(Decision.Why.NOT_FOR_PAGE, next);
    }

    private static Decision truncate(Timepoint timepoint, PageFilter filter, StreamPosition floor,
            LoggedRecord.Truncate truncate) {
        if (floor.isAfter(truncate.position())) {
            return new Decision.Skip(Decision.Why.ALREADY_APPLIED, floor);
        }
        StreamPosition next = truncate.position();
        long xid = timepoint.snapshot().widen(truncate.event().txId());
        if (timepoint.includes(xid)) {
            return new Decision.Skip(Decision.Why.IN_SNAPSHOT, next);
        }
        String table = truncate.event().table();
        if (filter.reads(table)) {
            return new Decision.Resync(ResyncReason.TRUNCATED, "table " + table + " was truncated at position " + next
                    + " (transaction " + xid + "), after this page was read", next);
        }
        return new Decision.Skip(Decision.Why.NOT_FOR_PAGE, next);
    }

    private static Decision start(Timepoint timepoint, LoggedRecord.Start start) {
        // Both checks, because after a restore the new database's LSNs can lie below positions pages read on the old one.
        Lsn slotStart = Lsn.parse(start.start().startLsn());
        boolean readBefore = timepoint.readAt().toEpochMilli() < start.start().startedMillis();
        if (readBefore || timepoint.lsn().compareTo(slotStart) < 0) {
            return new Decision.Resync(ResyncReason.STREAM_RESET, "change capture (re)started at " + slotStart
                    + " (database " + start.start().systemId() + "), after this page was read at " + timepoint.lsn(),
                    StreamPosition.BEGINNING);
        }
        // Positions compare within one capture only: the new slot's first transaction is 0/0#... (D4).
        return new Decision.NewCapture(StreamPosition.BEGINNING);
    }
}
