package io.nostale.gateway.catchup;

import io.nostale.wire.StreamPosition;

/** The last point a page applied, echoed back by its script on reconnect. */
public record ResumePoint(String stream, long offset, StreamPosition position) {
}
