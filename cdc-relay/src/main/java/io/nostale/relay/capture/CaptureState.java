package io.nostale.relay.capture;

import io.nostale.relay.RelayProperties;
import io.nostale.relay.kafka.PublishMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Where capture stands, as the readiness probe sees it (health contributor {@code capture}, part of the readiness
 * group): UP only while the engine streams and changes reach Kafka. The engine's phase alone is not enough: with Kafka
 * gone it keeps "streaming" until a send times out ({@code kafka.delivery-timeout}, 30 s), or longer while it waits on
 * its offset store. So a relay is also not ready when a publish has waited {@link #STALLED} for Kafka's
 * acknowledgement, or when the newest commit Kafka acknowledged is older than two heartbeat intervals plus
 * {@link #STALLED}: a heartbeat is committed and relayed every interval, so a relay that streams never gets there.
 * (The same holds while a restarted relay works through a backlog: it is not streaming the present yet.) And not
 * before Kafka acknowledged the first commit since start: see {@link #readiness}.
 */
@Component("captureHealthIndicator")
class CaptureState implements HealthIndicator {

    enum Phase { STARTING, STREAMING, RESTARTING, STOPPED, MISCONFIGURED }

    /** How long a publish may wait for Kafka's acknowledgement before the relay counts as not streaming. */
    static final Duration STALLED = Duration.ofSeconds(10);

    private volatile Phase phase = Phase.STARTING;
    private volatile @Nullable String lastFailure;
    private volatile @Nullable Instant lastFailureAt;
    private final AtomicLong restarts = new AtomicLong();
    private final PublishMetrics publishes;
    /** Older than this, the newest acknowledged commit says nothing reaches Kafka: two heartbeats missed, and then some. */
    private final Duration behindLimit;

    CaptureState(PublishMetrics publishes, RelayProperties properties) {
        this.publishes = publishes;
        this.behindLimit = properties.capture().heartbeatInterval().multipliedBy(2).plus(STALLED);
    }

    void phase(Phase phase) {
        this.phase = phase;
    }

    Phase phase() {
        return phase;
    }

    void failed(String description) {
        lastFailure = description;
        lastFailureAt = Instant.now();
        restarts.incrementAndGet();
        phase = Phase.RESTARTING;
    }

    @Override
    public Health health() {
        Phase now = phase;
        Duration waiting = publishes.awaitingAcknowledgement().orElse(Duration.ZERO);
        Optional<Duration> behind = publishes.sinceNewestAcknowledged();
        Readiness readiness = readiness(now, waiting, behind, behindLimit);
        Health.Builder health = readiness == Readiness.READY ? Health.up() : Health.down();
        health.withDetail("phase", now.name().toLowerCase()).withDetail("restarts", restarts.get());
        if (readiness != Readiness.READY) {
            health.withDetail("reason", readiness.name().toLowerCase().replace('_', '-'));
        }
        if (readiness == Readiness.KAFKA_STALLED) {
            health.withDetail("awaitingKafkaMillis", waiting.toMillis());
        }
        behind.filter(age -> readiness == Readiness.BEHIND)
                .ifPresent(age -> health.withDetail("behindMillis", age.toMillis()));
        String failure = lastFailure;
        if (failure != null) {
            health.withDetail("lastFailure", failure).withDetail("lastFailureAt", String.valueOf(lastFailureAt));
        }
        return health.build();
    }

    /** Why the relay is or is not ready, the first reason that applies. */
    enum Readiness { READY, NOT_STREAMING, KAFKA_STALLED, NOTHING_ACKNOWLEDGED_YET, BEHIND }

    /**
     * The readiness rule. Not ready before the first acknowledgement since start: an engine that says "streaming" has
     * not yet shown that anything reaches Kafka, and counting the age from the relay's start instead made readiness
     * turn UP at once and then DOWN again when the first heartbeat took longer than the limit on a busy machine.
     *
     * @param waiting how long the publish in progress has waited for Kafka (zero when none waits)
     * @param behind  age of the newest acknowledged commit; empty before the first acknowledgement
     */
    static Readiness readiness(Phase phase, Duration waiting, Optional<Duration> behind, Duration behindLimit) {
        if (phase != Phase.STREAMING) {
            return Readiness.NOT_STREAMING;
        }
        if (waiting.compareTo(STALLED) >= 0) {
            return Readiness.KAFKA_STALLED;
        }
        if (behind.isEmpty()) {
            return Readiness.NOTHING_ACKNOWLEDGED_YET;
        }
        return behind.get().compareTo(behindLimit) > 0 ? Readiness.BEHIND : Readiness.READY;
    }
}
