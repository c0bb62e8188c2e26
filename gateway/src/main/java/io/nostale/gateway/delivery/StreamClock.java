package io.nostale.gateway.delivery;

/**
 * How far the live stream has come, in database time, and for how long it has not moved: the two facts a page needs
 * to judge whether what it shows may be stale (docs/protocol.md, "Freshness"). Every change on the topic carries its
 * commit time by the database's clock, and the relay commits a heartbeat row every few seconds, so on a healthy
 * stream the newest commit time keeps moving; when capture, the relay, Kafka or the gateway's link to Kafka stops, it
 * stands still. How long it has stood still is measured on this gateway's monotonic clock: no two machines' clocks
 * are ever compared.
 *
 * <p>Written by the live dispatcher's thread only; read by any (the staleness gauge).
 */
final class StreamClock {

    /** No database time seen yet. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private volatile long millis = UNKNOWN;
    private volatile long advancedNanos;

    /** Starts (again) at {@code millis} (or {@link #UNKNOWN}), as of {@code nowNanos}. */
    void reset(long millis, long nowNanos) {
        this.millis = millis;
        this.advancedNanos = nowNanos;
    }

    /** A record committed at {@code commitMillis} reached the live pages at {@code nowNanos}. */
    void observe(long commitMillis, long nowNanos) {
        if (commitMillis > millis) {
            millis = commitMillis;
            advancedNanos = nowNanos;
        }
    }

    /** The newest database time the live stream has reached, or {@link #UNKNOWN}. */
    long millis() {
        return millis;
    }

    /** Gateway time since the newest database time arrived (since the start while none has). */
    long ageMillis(long nowNanos) {
        return Math.max(0, (nowNanos - advancedNanos) / 1_000_000);
    }

    /**
     * True once the stream has passed a page's read point: a record committed after {@code readAtMillis} arrived, so
     * every transaction the page's read could have missed is behind it. Commit times are whole milliseconds and read
     * points finer, hence strictly after.
     */
    boolean hasPassed(long readAtMillis) {
        long reached = millis;
        return reached != UNKNOWN && reached > readAtMillis;
    }
}
