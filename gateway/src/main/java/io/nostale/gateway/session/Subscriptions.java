package io.nostale.gateway.session;

import io.nostale.gateway.GatewayProperties;
import io.nostale.gateway.stream.TailListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * Every open subscription of this gateway. The tail wakes them all when records arrive; a timer asks idle ones
 * to heartbeat; on shutdown each is told to reconnect elsewhere (close 1001).
 */
@Component
class Subscriptions implements TailListener, SmartLifecycle {

    private final Map<String, Subscription> bySession = new ConcurrentHashMap<>();
    private final GatewayProperties properties;
    private final ScheduledExecutorService timers;
    private volatile boolean running;

    Subscriptions(GatewayProperties properties, @Qualifier("sessionTimers") ScheduledExecutorService timers,
            GatewayMetrics metrics) {
        this.properties = properties;
        this.timers = timers;
        metrics.trackOpenConnections(bySession::size);
    }

    void add(String sessionId, Subscription subscription) {
        bySession.put(sessionId, subscription);
        subscription.wake();
    }

    void remove(String sessionId) {
        bySession.remove(sessionId);
    }

    @Override
    public void tailAdvanced() {
        bySession.values().forEach(Subscription::wake);
    }

    @Override
    public void streamReplaced(String detail) {
        bySession.values().forEach(s -> s.resync(io.nostale.gateway.catchup.ResyncReason.STREAM_RESET, detail));
    }

    @Override
    public void start() {
        long period = properties.heartbeatInterval().toMillis();
        timers.scheduleWithFixedDelay(() -> bySession.values().forEach(s -> s.heartbeatIfIdle(properties.heartbeatInterval())),
                period / 2, Math.max(1, period / 2), TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        CloseStatus goingAway = CloseStatus.GOING_AWAY.withReason("server shutting down; reconnect");
        bySession.values().forEach(s -> s.close(goingAway));
        bySession.clear();
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
