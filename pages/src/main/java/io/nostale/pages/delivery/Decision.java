package io.nostale.pages.delivery;

import io.nostale.pages.delivery.ResyncReason;
import io.nostale.wire.ChangeEvent;
import io.nostale.wire.StreamPosition;

/**
 * What a page's subscription does with one record of the stream ({@link DeliveryRule}), and the page's floor after
 * it: the highest position the page is known to reflect, below which a re-sent change is a duplicate.
 */
public sealed interface Decision {

    StreamPosition floor();

    /** Nothing to send. */
    record Skip(Why why, StreamPosition floor) implements Decision {
    }

    /** Send {@code shown} (the change, or the part of it the user may see) with the page's 64-bit {@code xid}. */
    record Deliver(ChangeEvent shown, long xid, StreamPosition floor) implements Decision {
    }

    /** Send {@code shown}, then end with {@code resync access-changed}: the change altered what the user may see. */
    record DeliverThenEnd(ChangeEvent shown, long xid, String why, StreamPosition floor) implements Decision {
    }

    /** The relay started a new capture after the page's read: positions start over from here. */
    record NewCapture(StreamPosition floor) implements Decision {
    }

    /** Completeness cannot be proven past this record: the page must re-read its data. */
    record Resync(ResyncReason reason, String detail, StreamPosition floor) implements Decision {
    }

    /** Why a record is not sent. */
    enum Why {
        /** At or before the page's floor: already in the page, or a duplicate a relay restart re-sent. */
        ALREADY_APPLIED,
        /** Its transaction is visible in the page's snapshot: the page was rendered with it. */
        IN_SNAPSHOT,
        /** The page's filter hides it: another page's data, or not for this user. */
        NOT_FOR_PAGE
    }
}
