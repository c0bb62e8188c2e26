package io.nostale.wire;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a subscription token grants: user {@code userId} may follow page {@code page} (e.g. {@code home},
 * {@code room:42}) from {@code timepoint}, until {@code expiresAt}.
 */
public record SubscriptionClaims(long userId, String page, Timepoint timepoint, Instant expiresAt) {

    private static final Pattern PAGE = Pattern.compile("[a-z][a-z0-9-]{0,31}(:[0-9]{1,19})?");

    public SubscriptionClaims {
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(timepoint, "timepoint");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (userId < 1) {
            throw new MalformedValueException("user id must be positive");
        }
        if (!PAGE.matcher(page).matches()) {
            throw new MalformedValueException("page must look like home or room:42, got " + Texts.quote(page));
        }
    }
}
