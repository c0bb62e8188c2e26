package io.nostale.gateway.catchup;

import io.nostale.wire.StreamPosition;

/** Where a page's replay starts, or why it cannot. */
public sealed interface StartDecision {

    /** Read from {@code offset}; positions at or before {@code applied} are already in the page. */
    record Start(long offset, StreamPosition applied) implements StartDecision {
    }

    /** The page must re-read its data. */
    record Resync(ResyncReason reason, String detail) implements StartDecision {
    }
}
