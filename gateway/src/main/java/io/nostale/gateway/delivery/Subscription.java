package io.nostale.gateway.delivery;

import io.nostale.gateway.connection.Connection;
import io.nostale.pages.Interest;
import io.nostale.pages.PageFilter;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.Timepoint;

/**
 * One page's subscription: what the delivery rule needs about the page ({@link #timepoint}, {@link #filter}, the
 * {@link #floor}) and where it is in the stream ({@link #cursor}). Its mutable fields belong to one thread at a time:
 * the catch-up while it replays, then the live dispatcher; the hand-over goes through the dispatcher's command queue.
 */
public final class Subscription {

    private final Connection connection;
    private final SubscriptionClaims claims;
    private final PageFilter filter;
    private final String stream;
    /** The filter's routing keys as bits ({@link Interest#bits}), for replays. */
    private final long interestBits;
    private final long subscribedNanos = System.nanoTime();
    /** Highest position the page reflects; re-sent changes at or below it are duplicates. */
    private StreamPosition floor;
    /** Next offset to examine: every record below it was judged for this page. */
    private long cursor;
    /** Offset of the record the dispatcher judged last, so that a change matching two routing keys counts once. */
    private long lastJudged = -1;
    private volatile long lastSentNanos = System.nanoTime();

    public Subscription(Connection connection, SubscriptionClaims claims, PageFilter filter, String stream,
            long cursor, StreamPosition floor) {
        this.connection = connection;
        this.claims = claims;
        this.filter = filter;
        this.interestBits = Interest.bits(filter.interests());
        this.stream = stream;
        this.cursor = cursor;
        this.floor = floor;
    }

    public Connection connection() {
        return connection;
    }

    public SubscriptionClaims claims() {
        return claims;
    }

    public Timepoint timepoint() {
        return claims.timepoint();
    }

    public PageFilter filter() {
        return filter;
    }

    public long interestBits() {
        return interestBits;
    }

    public String stream() {
        return stream;
    }

    public boolean needsProof() {
        return filter.needsResumeProof();
    }

    long subscribedNanos() {
        return subscribedNanos;
    }

    StreamPosition floor() {
        return floor;
    }

    void floor(StreamPosition floor) {
        this.floor = floor;
    }

    long cursor() {
        return cursor;
    }

    void cursor(long cursor) {
        this.cursor = cursor;
    }

    /** True the first time for each offset: a change routed to this page by two keys is judged once. */
    boolean firstLookAt(long offset) {
        if (offset == lastJudged) {
            return false;
        }
        lastJudged = offset;
        return true;
    }

    long lastSentNanos() {
        return lastSentNanos;
    }

    void sent() {
        lastSentNanos = System.nanoTime();
    }

    boolean isOver() {
        return connection.isEnding();
    }
}
