package io.nostale.renderer.health;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code database}, part of the readiness group: UP only when a pooled connection answers
 * {@code isValid} within {@link #PATIENCE}. A renderer without its database can render no page, so it must not be
 * sent any. The check runs on a thread of its own and the probe waits for it at most {@link #PATIENCE}: an unreachable
 * database would otherwise hold every probe for the pool's connection timeout (30 s) and answer nothing at all. At
 * most one check is in flight; probes that come while it still waits are answered DOWN at once.
 */
@Component("databaseHealthIndicator")
class DatabaseReadiness implements HealthIndicator {

    static final Duration PATIENCE = Duration.ofSeconds(2);
    private static final int VALID_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private @Nullable CompletableFuture<Void> inFlight; // guarded by this
    private long inFlightSinceNanos; // guarded by this

    DatabaseReadiness(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Health health() {
        CompletableFuture<Void> check;
        long since;
        synchronized (this) {
            if (inFlight == null || inFlight.isDone()) {
                inFlight = CompletableFuture.runAsync(this::validate, runnable -> {
                    Thread thread = new Thread(runnable, "database-readiness");
                    thread.setDaemon(true);
                    thread.start();
                });
                inFlightSinceNanos = System.nanoTime();
            }
            check = inFlight;
            since = inFlightSinceNanos;
        }
        long waitedMillis = (System.nanoTime() - since) / 1_000_000;
        try {
            check.get(Math.max(0, PATIENCE.toMillis() - waitedMillis), TimeUnit.MILLISECONDS);
            return Health.up().build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("reason", "no database connection within "
                    + Math.max(PATIENCE.toMillis(), waitedMillis) + " ms").build();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Health.down().withDetail("reason", cause.getClass().getSimpleName() + ": " + cause.getMessage())
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("reason", "interrupted").build();
        }
    }

    private void validate() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(VALID_TIMEOUT_SECONDS)) {
                throw new IllegalStateException("the database did not answer within " + VALID_TIMEOUT_SECONDS + " s");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
