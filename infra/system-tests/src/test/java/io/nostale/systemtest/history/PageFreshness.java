package io.nostale.systemtest.history;

import tools.jackson.databind.JsonNode;

/**
 * What a page's status says about its stream after the frames it received: the judgement of the page script
 * ({@code freshness.js}: {@code freshnessTracker}, {@code streamLag}, {@code freshStatus}), here for the history's
 * socket visits, which run no script. The script is the definition, pinned by its Node tests; this follows it line
 * by line so that the checker can ask "did this page claim to be live?" at every frame.
 *
 * <p>Clocks as in the script: {@code readAt} is the database's, everything else a monotonic clock of the page,
 * started when the page was rendered.
 */
final class PageFreshness {

    static final long DEFAULT_FRESHNESS_MS = 15_000;

    private final long readAtMillis;
    private final long startedNanos;
    private boolean reporting;
    private long streamAt = Long.MIN_VALUE;
    private long streamAge;
    private long frameNanos;
    private long freshness = DEFAULT_FRESHNESS_MS;

    PageFreshness(long readAtMillis, long startedNanos) {
        this.readAtMillis = readAtMillis;
        this.startedNanos = startedNanos;
    }

    /** Takes in one frame the page applied, received at {@code nowNanos}. */
    void frame(JsonNode frame, long nowNanos) {
        String type = frame.path("type").asString();
        if ("caught-up".equals(type) || "heartbeat".equals(type)) {
            if (!frame.path("streamAge").isNumber()) {
                return; // still replaying: heartbeats then carry no freshness
            }
            reporting = true;
            advance(frame.path("streamAt"));
            streamAge = frame.path("streamAge").asLong();
            frameNanos = nowNanos;
            if (frame.path("freshness").isNumber() && frame.path("freshness").asLong() > 0) {
                freshness = frame.path("freshness").asLong();
            }
        } else if ("change".equals(type) && reporting) {
            // a live change left the gateway as it arrived there: its commit time is fresh as of now
            advance(frame.path("commitMillis"));
            streamAge = 0;
            frameNanos = nowNanos;
        }
    }

    private void advance(JsonNode at) {
        if (at.isNumber() && at.asLong() > streamAt) {
            streamAt = at.asLong();
        }
    }

    /** The lag the page shows at {@code nowNanos}, in ms; -1 while the gateway reports nothing. */
    long lag(long nowNanos) {
        if (!reporting) {
            return -1;
        }
        long lag = streamAge + (nowNanos - frameNanos) / 1_000_000;
        if (streamAt != Long.MIN_VALUE) {
            lag = Math.max(lag, readAtMillis + (nowNanos - startedNanos) / 1_000_000 - streamAt);
        }
        return Math.max(0, lag);
    }

    /** {@code freshStatus}: delayed past {@code freshness}. */
    boolean delayed(long nowNanos) {
        return lag(nowNanos) > freshness;
    }

    long freshness() {
        return freshness;
    }
}
