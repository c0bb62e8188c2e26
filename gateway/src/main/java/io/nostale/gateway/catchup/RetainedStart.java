package io.nostale.gateway.catchup;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The first offset Kafka still retains, asked at most once per {@code maxAge}: every page of a reconnect storm that
 * resumes from below the in-memory log needs it, and three Kafka requests per page (as a full bounds query costs)
 * kept 10,000 resuming pages queued behind four readers. Retention only ever moves the first offset forward, so an
 * answer up to {@code maxAge} old can only let a page start at a record deleted meanwhile; its read then fails
 * (the readers never reset an offset out of range), the page is told {@code unavailable}, and its retry gets a
 * fresh answer and {@code history-expired}.
 */
final class RetainedStart {

    private final Supplier<BrokerAnswer<Long>> kafka;
    private final LongSupplier nanoClock;
    private final long maxAgeNanos;
    private long value = -1;
    private long askedAtNanos;

    RetainedStart(Supplier<BrokerAnswer<Long>> kafka, LongSupplier nanoClock, Duration maxAge) {
        this.kafka = kafka;
        this.nanoClock = nanoClock;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The first retained offset, from Kafka if the last answer is older than the maximum age. */
    synchronized BrokerAnswer<Long> get() {
        long now = nanoClock.getAsLong();
        if (value >= 0 && now - askedAtNanos < maxAgeNanos) {
            return new BrokerAnswer.Ok<>(value);
        }
        BrokerAnswer<Long> answer = kafka.get();
        if (answer instanceof BrokerAnswer.Ok<Long> ok) {
            value = ok.value();
            askedAtNanos = now;
        }
        return answer;
    }
}
