package io.nostale.gateway.catchup;

import io.nostale.pages.delivery.ResyncReason;
import io.nostale.wire.StreamPosition;

/** Where a page's replay starts, or why it cannot. */
public sealed interface StartDecision {

    /** Read from {@code offset}; positions at or before {@code floor} are already in the page. */
    record Start(long offset, StreamPosition floor) implements StartDecision {
    }

    /** The page must re-read its data. */
    record Resync(ResyncReason reason, String detail) implements StartDecision {
    }

    /** Kafka could not tell in time; the page should retry. */
    record Unavailable(String why) implements StartDecision {
    }
}
