package io.nostale.gateway.session;

import org.springframework.web.socket.CloseStatus;

/** WebSocket close codes of the protocol (docs/protocol.md). */
final class CloseCodes {

    static final int BAD_REQUEST = 4400;
    static final int UNAUTHORIZED = 4401;
    static final int SUBSCRIBE_TIMEOUT = 4408;
    static final int RESYNC = 4409;
    static final int TOO_MANY_CONNECTIONS = 4429;
    static final int UNAVAILABLE = 4503;

    private CloseCodes() {
    }

    static CloseStatus status(int code, String reason) {
        // Close reasons are limited to 123 bytes on the wire.
        String shortReason = reason.length() > 100 ? reason.substring(0, 100) : reason;
        return new CloseStatus(code, shortReason);
    }
}
