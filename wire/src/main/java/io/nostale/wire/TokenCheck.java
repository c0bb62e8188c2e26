package io.nostale.wire;

/** The outcome of verifying a subscription token. */
public sealed interface TokenCheck {

    /** Signature valid, not expired. */
    record Accepted(SubscriptionClaims claims) implements TokenCheck {
    }

    /** Refused; {@code detail} is safe to log and to tell the client (it never contains the token). */
    record Rejected(Reason reason, String detail) implements TokenCheck {
    }

    enum Reason {
        MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE, EXPIRED
    }
}
