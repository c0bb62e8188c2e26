package io.nostale.gateway.subscribe;

import io.nostale.gateway.protocol.ResumePoint;
import io.nostale.pages.PageFilter;
import io.nostale.pages.delivery.ResyncReason;
import io.nostale.wire.SubscriptionClaims;
import java.util.Optional;

/** The answer to a subscribe frame ({@link SubscribeCheck}). */
public sealed interface Admission {

    /** Valid: replay for this page from its timepoint, or from its resume point, in {@code stream}. */
    record Accept(SubscriptionClaims claims, PageFilter filter, Optional<ResumePoint> resume, String stream)
            implements Admission {
    }

    /** Refused with an {@code error} frame and close {@code code}: the page must not retry as it is. */
    record Refuse(int code, String error, String detail) implements Admission {
    }

    /** The page must re-read its data and subscribe anew ({@code resync}, close 4409). */
    record Resync(ResyncReason reason, String detail) implements Admission {
    }
}
