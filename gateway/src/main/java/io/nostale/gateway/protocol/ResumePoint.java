package io.nostale.gateway.protocol;

import io.nostale.wire.StreamPosition;
import java.util.Optional;

/**
 * The last point a page applied, echoed back by its script on reconnect, with the gateway's proof that it streamed
 * this subscription to that point ({@link io.nostale.wire.ResumeProofs}; absent from older scripts).
 */
public record ResumePoint(String stream, long offset, StreamPosition position, Optional<String> proof) {

    public ResumePoint {
        java.util.Objects.requireNonNull(proof, "proof");
    }
}
