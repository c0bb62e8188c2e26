package io.nostale.relay.capture;

import io.nostale.relay.RelayProperties;
import io.nostale.relay.kafka.PublishMetrics;
import java.time.Duration;
import java.time.Instant;
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
 * (The same holds while a restarted relay works through a backlog: it is not streaming the present yet.)
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
        boolean stalled = waiting.compareTo(STALLED) >= 0;
        Duration behind = Duration.ofMillis((long) (publishes.behindSeconds() * 1000));
        boolean stale = behind.compareTo(behindLimit) > 0;
        Health.Builder health = now == Phase.STREAMING && !stalled && !stale ? Health.up() : Health.down();
        health.withDetail("phase", now.name().toLowerCase()).withDetail("restarts", restarts.get());
        if (stalled) {
            health.withDetail("awaitingKafkaMillis", waiting.toMillis());
        }
        if (stale) {
            health.withDetail("behindMillis", behind.toMillis());
        }
        String failure = lastFailure;
        if (failure != null) {
            health.withDetail("lastFailure", failure).withDetail("lastFailureAt", String.valueOf(lastFailureAt));
        }
        return health.build();
    }
}
