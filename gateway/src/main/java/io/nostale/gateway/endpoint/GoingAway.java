package io.nostale.gateway.endpoint;

import io.nostale.gateway.connection.Connections;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On shutdown, tells every socket (live, replaying, still subscribing or not subscribed yet) to reconnect elsewhere:
 * close 1001 after the frame on its way. Runs before the web server stops, and waits a little for the close
 * handshakes; meanwhile the server still listens, so a socket that opens then is told the same at once
 * ({@link Connections#goAway}) and a handshake that comes then gets {@code 503} ({@link StartupGate}).
 */
@Component
class GoingAway implements SmartLifecycle {

    private static final Duration WAIT = Duration.ofSeconds(2);

    private final Connections connections;
    private volatile boolean running;

    GoingAway(Connections connections) {
        this.connections = connections;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        connections.goAway();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (connections.size() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // bounded wait for the clients' close replies
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stops before the web server's graceful shutdown, so clients hear "going away" rather than a reset.
        return Integer.MAX_VALUE;
    }
}
