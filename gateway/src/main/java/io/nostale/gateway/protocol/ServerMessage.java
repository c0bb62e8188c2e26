package io.nostale.gateway.protocol;

import java.util.Map;

/** Messages the gateway sends; each serializes to one JSON text frame with a {@code type} field. */
public sealed interface ServerMessage {

    String type();

    /**
     * One change. Only pages that resume with proofs get a {@code proof} ({@link io.nostale.wire.ResumeProofs}); it is
     * added to the serialized frame per page by {@link Frames#withProof}, so the frame itself is written once.
     */
    record Change(String type, String stream, long offset, String position, long xid, String table, String op,
                  Map<String, Object> before, Map<String, Object> after, long commitMillis) implements ServerMessage {
    }

    /** Replay is over; the page is current as of {@code offset}. */
    record CaughtUp(String type, String stream, long offset, String position) implements ServerMessage {
    }

    /** Nothing for this page up to {@code offset}; resume from here. */
    record Heartbeat(String type, String stream, long offset, String position) implements ServerMessage {
    }

    record Resync(String type, String reason, String detail) implements ServerMessage {
    }

    record Error(String type, String code, String message) implements ServerMessage {
    }

    static CaughtUp caughtUp(String stream, long offset, String position) {
        return new CaughtUp("caught-up", stream, offset, position);
    }

    static Heartbeat heartbeat(String stream, long offset, String position) {
        return new Heartbeat("heartbeat", stream, offset, position);
    }

    static Resync resync(String reason, String detail) {
        return new Resync("resync", reason, detail);
    }

    static Error error(String code, String message) {
        return new Error("error", code, message);
    }
}
