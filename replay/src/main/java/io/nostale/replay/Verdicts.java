package io.nostale.replay;

import io.nostale.pages.delivery.Decision;
import io.nostale.pages.record.LoggedRecord;
import io.nostale.wire.Timepoint;

/**
 * The gateway's decision on one record for one page ({@link io.nostale.pages.delivery.DeliveryRule}), in words: a
 * short verdict and the reason. Once a page was told to resync, what follows is judged no more: a new render takes over.
 */
final class Verdicts {

    private static final String DELIVERED = "delivered";
    private static final String AFTER_END = "after-end";

    private Verdicts() {
    }

    static Line judged(Line line, Decision decision, long xid) {
        if (decision instanceof Decision.Deliver) {
            return line.judged(DELIVERED, "not in the page's snapshot (xid " + xid + "), shown by the page");
        }
        if (decision instanceof Decision.DeliverThenEnd end) {
            return line.judged("delivered+end", "then resync access-changed: " + end.why());
        }
        if (decision instanceof Decision.Resync resync) {
            return line.judged("resync", resync.reason().wireName() + ": " + resync.detail());
        }
        if (decision instanceof Decision.NewCapture) {
            return line.judged("new-capture", "read after the capture began: positions start over");
        }
        Decision.Skip skip = (Decision.Skip) decision;
        return switch (skip.why()) {
            case ALREADY_APPLIED -> line.judged("already-applied",
                    "at or before position " + skip.floor() + ": a duplicate the relay re-sent");
            case IN_SNAPSHOT -> line.judged("in-snapshot", "xid " + xid + " visible: the page was rendered with it");
            case NOT_FOR_PAGE -> line.judged("hidden", "not for this page or its user");
        };
    }

    static Line afterEnd(Line line) {
        return line.judged(AFTER_END, "the page was already told to resync; a new render reads this");
    }

    /** The 64-bit xid the rule compared, or 0 for records without one. */
    static long xid(Timepoint timepoint, LoggedRecord record) {
        if (record instanceof LoggedRecord.Change change) {
            return timepoint.snapshot().widen(change.event().txId());
        }
        if (record instanceof LoggedRecord.Truncate truncate) {
            return timepoint.snapshot().widen(truncate.event().txId());
        }
        return 0;
    }
}
