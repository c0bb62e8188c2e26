package io.nostale.gateway.connection;

import io.nostale.gateway.GatewayMetrics;
import io.nostale.gateway.GatewayProperties;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every open socket of this gateway: how many there are (the capacity check), which stopped reading (the stall
 * watch), and how a socket is ended (the close grace). One instance, created by {@link ConnectionConfiguration}.
 */
public final class Connections {

    private static final Logger log = LoggerFactory.getLogger(Connections.class);

    /** Close grace of sockets refused before they went live (at most; never more than the configured grace). */
    static final Duration REFUSAL_GRACE = Duration.ofSeconds(5);
    /** Close code "going away" (RFC 6455): the page reconnects, to another gateway, with its resume point. */
    private static final int GOING_AWAY = 1001;

    private final Map<Long, Connection> open = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final OutboundBudget budget;
    private final GatewayProperties properties;
    private final ScheduledExecutorService timers;
    private final GatewayMetrics metrics;
    private volatile Consumer<Connection> onStalled = connection -> { };
    /** Set once by {@link #goAway}: the gateway is shutting down, and every socket, old or new, is told so. */
    private volatile boolean goingAway;

    Connections(OutboundBudget budget, GatewayProperties properties, ScheduledExecutorService timers,
            GatewayMetrics metrics) {
        this.budget = budget;
        this.properties = properties;
        this.timers = timers;
        this.metrics = metrics;
        metrics.gauge("nostale.gateway.connections.open", "Open WebSockets", open::size);
        metrics.gauge("nostale.gateway.outbound.bytes", "Bytes queued to sockets and not yet written", budget::used);
        long period = Math.max(100, properties.sendTimeLimit().toMillis() / 4);
        timers.scheduleWithFixedDelay(this::dropStalled, period, period, TimeUnit.MILLISECONDS);
    }

    /** A new socket of the container, counted from now until {@link Connection#ended()}. */
    public Connection open(org.springframework.web.socket.WebSocketSession session) {
        return open(JettyTransport.of(session));
    }

    Connection open(Transport transport) {
        Connection connection = new Connection(ids.incrementAndGet(), transport, budget,
                properties.outboxBytes().toBytes(), properties.writeBytes().toBytes());
        open.put(connection.id(), connection);
        connection.whenEnded(() -> open.remove(connection.id()));
        if (goingAway) {
            // opened after (or while) goAway swept the open sockets: told like them. Put before this check, so a
            // socket is either in the sweep or sees the flag, never neither.
            goAway(connection);
        }
        return connection;
    }

    /**
     * Shutting down: tells every open socket, whatever its state (not yet subscribed, subscribing, replaying, live),
     * to reconnect elsewhere (close 1001 behind the frame on its way), and every socket opened from now on at once.
     */
    public void goAway() {
        goingAway = true;
        for (Connection connection : open.values()) {
            goAway(connection);
        }
    }

    /** True once {@link #goAway} was called: new handshakes should be refused. */
    public boolean isGoingAway() {
        return goingAway;
    }

    private void goAway(Connection connection) {
        end(connection, null, GOING_AWAY, "server shutting down; reconnect", false);
    }

    public int size() {
        return open.size();
    }

    public Collection<Connection> all() {
        return open.values();
    }

    public OutboundBudget budget() {
        return budget;
    }

    /** Who handles a socket whose write has waited longer than the send time limit (the delivery side). */
    public void onStalled(Consumer<Connection> handler) {
        this.onStalled = handler;
    }

    /**
     * Ends {@code connection} with {@code lastFrame} and the close code, behind what is on its way, and closes the TCP
     * connection if the client has not taken them within the close grace.
     */
    public void end(Connection connection, byte[] lastFrame, int code, String reason, boolean dropQueued) {
        end(connection, lastFrame, code, reason, dropQueued, properties.closeGrace());
    }

    /**
     * Ends a socket that never went live (refused, or told to resync before its replay): its two frames are all it
     * was ever sent, so they leave in one write and {@link #REFUSAL_GRACE} is ample. In a reconnect storm thousands of
     * refused sockets would otherwise each hold an open file for the whole close grace.
     */
    public void refuse(Connection connection, byte[] lastFrame, int code, String reason) {
        Duration grace = properties.closeGrace();
        end(connection, lastFrame, code, reason, false, grace.compareTo(REFUSAL_GRACE) < 0 ? grace : REFUSAL_GRACE);
    }

    private void end(Connection connection, byte[] lastFrame, int code, String reason, boolean dropQueued,
            Duration grace) {
        if (connection.isEnding()) {
            return;
        }
        connection.finish(lastFrame, code, reason, dropQueued);
        try {
            ScheduledFuture<?> abort = timers.schedule(() -> abort(connection), grace.toMillis(), TimeUnit.MILLISECONDS);
            connection.whenEnded(() -> abort.cancel(false));
        } catch (RejectedExecutionException e) {
            connection.abort(); // shutting down
        }
    }

    private void abort(Connection connection) {
        if (connection.state() == Connection.State.ENDED) {
            return;
        }
        log.info("Socket {}: the client did not answer its close in time; closing the connection", connection.id());
        metrics.aborted();
        connection.abort();
    }

    private void dropStalled() {
        long now = System.nanoTime();
        long limit = properties.sendTimeLimit().toNanos();
        for (Connection connection : open.values()) {
            if (!connection.isEnding() && connection.isStalled(now, limit)) {
                onStalled.accept(connection);
            }
        }
    }
}
