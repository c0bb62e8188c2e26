package io.nostale.gateway.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
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

    /**
     * Replay is over and the stream has passed the page's read point; the page is current as of {@code offset}. With
     * the stream's freshness ({@code streamAt}, {@code streamAge}, {@code freshness}: see {@link Heartbeat}).
     */
    record CaughtUp(String type, String stream, long offset, String position, long streamAt, long streamAge,
                    long freshness) implements ServerMessage {
    }

    /**
     * Nothing for this page up to {@code offset}; resume from here. A live page's heartbeat also says how fresh its
     * stream is: {@code streamAt}, the newest commit time (database clock, epoch millis) the stream has reached
     * (absent while the gateway has seen none); {@code streamAge}, the gateway's time in millis since that commit time
     * arrived; {@code freshness}, the gateway's limit in millis past which the page shows "delayed". A replaying
     * page's heartbeat has none of the three: its stream is history.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Heartbeat(String type, String stream, long offset, String position, Long streamAt, Long streamAge,
                     Long freshness) implements ServerMessage {
    }

    record Resync(String type, String reason, String detail) implements ServerMessage {
    }

    record Error(String type, String code, String message) implements ServerMessage {
    }

    static CaughtUp caughtUp(String stream, long offset, String position, long streamAt, long streamAge,
            long freshness) {
        return new CaughtUp("caught-up", stream, offset, position, streamAt, streamAge, freshness);
    }

    static Heartbeat heartbeat(String stream, long offset, String position) {
        return new Heartbeat("heartbeat", stream, offset, position, null, null, null);
    }

    /** A live page's heartbeat; {@code streamAt} null while the gateway has seen no commit time. */
    static Heartbeat heartbeat(String stream, long offset, String position, Long streamAt, long streamAge,
            long freshness) {
        return new Heartbeat("heartbeat", stream, offset, position, streamAt, streamAge, freshness);
    }

    static Resync resync(String reason, String detail) {
        return new Resync("resync", reason, detail);
    }

    static Error error(String code, String message) {
        return new Error("error", code, message);
    }
}
