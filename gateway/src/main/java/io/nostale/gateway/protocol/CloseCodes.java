package io.nostale.gateway.protocol;

/** WebSocket close codes of the protocol (docs/protocol.md). */
public final class CloseCodes {

    public static final int GOING_AWAY = 1001;
    public static final int BAD_REQUEST = 4400;
    public static final int UNAUTHORIZED = 4401;
    public static final int SUBSCRIBE_TIMEOUT = 4408;
    public static final int RESYNC = 4409;
    public static final int TOO_MANY_CONNECTIONS = 4429;
    public static final int UNAVAILABLE = 4503;
    /** Close reasons are limited to 123 bytes on the wire. */
    private static final int MAX_REASON = 100;

    private CloseCodes() {
    }

    /** The reason cut to what a close frame can carry. */
    public static String reason(String reason) {
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
    }
}
