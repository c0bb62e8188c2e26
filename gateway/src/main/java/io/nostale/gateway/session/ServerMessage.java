package io.nostale.gateway.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** Messages the gateway sends; each serializes to one JSON text frame with a {@code type} field. */
sealed interface ServerMessage {

    String type();

    /**
     * One change; {@code proof} lets the page resume from it ({@link io.nostale.wire.ResumeProofs}). Only pages that
     * resume with proofs get one (an HMAC per frame costs as much as writing the frame: docs/benchmarks.md); for the
     * others the field is left out.
     */
    record Change(String type, String stream, long offset, String position, long xid, String table, String op,
                  Map<String, Object> before, Map<String, Object> after, long commitMillis,
                  @JsonInclude(JsonInclude.Include.NON_NULL) String proof)
            implements ServerMessage {
    }

    /** Replay is over; the page is current as of {@code offset}. */
    record CaughtUp(String type, String stream, long offset, String position,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String proof) implements ServerMessage {
    }

    /** Nothing for this page up to {@code offset}; resume from here. */
    record Heartbeat(String type, String stream, long offset, String position,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String proof) implements ServerMessage {
    }

    record Resync(String type, String reason, String detail) implements ServerMessage {
    }

    record Error(String type, String code, String message) implements ServerMessage {
    }

    static CaughtUp caughtUp(String stream, long offset, String position, String proof) {
        return new CaughtUp("caught-up", stream, offset, position, proof);
    }

    static Heartbeat heartbeat(String stream, long offset, String position, String proof) {
        return new Heartbeat("heartbeat", stream, offset, position, proof);
    }

    static Resync resync(String reason, String detail) {
        return new Resync("resync", reason, detail);
    }

    static Error error(String code, String message) {
        return new Error("error", code, message);
    }
}
