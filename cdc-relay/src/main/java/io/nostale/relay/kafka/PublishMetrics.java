package io.nostale.relay.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * What Kafka acknowledged, and when (commit time on the database clock, acknowledgement on ours; both clocks are
 * assumed to be NTP-synchronised):
 * <ul>
 * <li>{@code nostale.relay.capture.lag} (histogram): commit → acknowledgement of each change;</li>
 * <li>{@code nostale.relay.capture.behind} (gauge, seconds): how old the newest commit Kafka acknowledged is, now.
 * A streaming relay relays a heartbeat every {@code capture.heartbeat-interval} (1 s), so this stays below that
 * interval plus the lag; it grows without bound while capture is stopped (database or Kafka unreachable, engine
 * restarting), which the histogram, recorded only at acknowledgements, cannot show. Before the first acknowledgement
 * it counts from the relay's start;</li>
 * <li>{@code nostale.relay.events} (counter per table): changes relayed (a table's truncate counts as one).</li>
 * </ul>
 * And whether a publish waits for Kafka's acknowledgement: readiness turns DOWN when one waits too long.
 */
@Component
public class PublishMetrics {

    private final MeterRegistry registry;
    private final Timer captureLag;
    private final Map<String, Counter> eventsByTable = new ConcurrentHashMap<>();
    private final long startedMillis = System.currentTimeMillis();
    private final AtomicLong newestAcknowledgedCommitMillis = new AtomicLong(Long.MIN_VALUE);
    /** {@link System#nanoTime()} when the publish in progress began; 0 when none is waiting. */
    private volatile long awaitingSinceNanos;

    PublishMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.captureLag = Timer.builder("nostale.relay.capture.lag")
                .description("Time from a transaction's commit to Kafka's acknowledgement of its change")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        Gauge.builder("nostale.relay.capture.behind", this, PublishMetrics::behindSeconds)
                .description("Age of the newest commit Kafka acknowledged (heartbeats included); grows while capture"
                        + " is stopped")
                .baseUnit("seconds").strongReference(true).register(registry);
    }

    void acknowledged(String table, long commitMillis, long ackMillis) {
        captureLag.record(Math.max(0, ackMillis - commitMillis), TimeUnit.MILLISECONDS);
        newestAcknowledgedCommitMillis.accumulateAndGet(commitMillis, Math::max);
        eventsByTable.computeIfAbsent(table, name -> Counter.builder("nostale.relay.events")
                .description("Changes relayed to the change topic (acknowledged by Kafka; replays count again)")
                .tag("table", name)
                .register(registry)).increment();
    }

    /** The value of {@code nostale.relay.capture.behind}: age of the newest commit Kafka acknowledged, in seconds. */
    public double behindSeconds() {
        long newest = newestAcknowledgedCommitMillis.get();
        long since = newest == Long.MIN_VALUE ? startedMillis : newest;
        return Math.max(0, System.currentTimeMillis() - since) / 1000.0;
    }

    /**
     * How old the newest commit Kafka acknowledged is, now; empty before the first acknowledgement since start (the
     * relay has not yet shown that anything reaches Kafka).
     */
    public Optional<Duration> sinceNewestAcknowledged() {
        long newest = newestAcknowledgedCommitMillis.get();
        return newest == Long.MIN_VALUE ? Optional.empty()
                : Optional.of(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - newest)));
    }

    void publishing() {
        awaitingSinceNanos = System.nanoTime();
    }

    void published() {
        awaitingSinceNanos = 0;
    }

    /** How long the publish in progress has waited for Kafka so far; empty when none waits. */
    public Optional<Duration> awaitingAcknowledgement() {
        long since = awaitingSinceNanos;
        return since == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - since));
    }
}
