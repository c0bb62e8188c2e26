package io.nostale.load.ws;

/** How a connection ended; told to its {@link WsListener} once. */
public sealed interface Ending {

    /** The server sent a close frame with this code (the reply was sent, the connection is closed). */
    record Closed(int code, String reason) implements Ending {
    }

    /** An open connection ended without a close frame: reset, end of stream, or a dead process (code 1006). */
    record Dropped(String cause) implements Ending {
    }

    /**
     * The connection never opened. {@code stage} is {@code bind}, {@code connect} or {@code handshake};
     * {@code httpStatus} is the server's status when it answered the upgrade with something other than 101, else 0.
     */
    record Failed(String stage, int httpStatus, String cause) implements Ending {
    }

    /** The server broke the protocol (masked or binary frame, bad header, too big); we closed with {@code code}. */
    record Violation(int code, String cause) implements Ending {
    }
}
