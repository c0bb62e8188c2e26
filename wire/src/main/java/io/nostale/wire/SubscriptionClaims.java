package io.nostale.wire;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a subscription token grants: user {@code userId} may follow page {@code page} ({@code home}, {@code rooms},
 * {@code room:42}) from {@code timepoint}, until {@code expiresAt}, with the access {@code grants} the renderer
 * found at that timepoint (room pages only; empty otherwise).
 */
public record SubscriptionClaims(long userId, String page, Timepoint timepoint, Instant expiresAt,
                                 Set<PageGrant> grants) {

    private static final Pattern PAGE = Pattern.compile("[a-z][a-z0-9-]{0,31}(:[0-9]{1,19})?");

    public SubscriptionClaims {
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(timepoint, "timepoint");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(grants, "grants");
        grants = grants.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(grants));
        if (userId < 1) {
            throw new MalformedValueException("user id must be positive");
        }
        if (!PAGE.matcher(page).matches()) {
            throw new MalformedValueException("page must look like home or room:42, got " + Texts.quote(page));
        }
    }

    /** Claims of a page without grants (home, rooms). */
    public SubscriptionClaims(long userId, String page, Timepoint timepoint, Instant expiresAt) {
        this(userId, page, timepoint, expiresAt, Set.of());
    }
}
