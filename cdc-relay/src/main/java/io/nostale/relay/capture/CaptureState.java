package io.nostale.relay.capture;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Where capture stands, as the readiness probe sees it (health contributor {@code capture}, part of the readiness
 * group): UP only while the engine streams.
 */
@Component("captureHealthIndicator")
class CaptureState implements HealthIndicator {

    enum Phase { STARTING, STREAMING, RESTARTING, STOPPED, MISCONFIGURED }

    private volatile Phase phase = Phase.STARTING;
    private volatile @Nullable String lastFailure;
    private volatile @Nullable Instant lastFailureAt;
    private final AtomicLong restarts = new AtomicLong();

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
        Health.Builder health = phase == Phase.STREAMING ? Health.up() : Health.down();
        health.withDetail("phase", phase.name().toLowerCase()).withDetail("restarts", restarts.get());
        String failure = lastFailure;
        if (failure != null) {
            health.withDetail("lastFailure", failure).withDetail("lastFailureAt", String.valueOf(lastFailureAt));
        }
        return health.build();
    }
}
