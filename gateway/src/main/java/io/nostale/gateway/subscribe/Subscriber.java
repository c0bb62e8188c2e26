package io.nostale.gateway.subscribe;

import io.nostale.gateway.GatewayMetrics;
import io.nostale.gateway.catchup.StartDecision;
import io.nostale.gateway.catchup.StartPointFinder;
import io.nostale.gateway.connection.Connection;
import io.nostale.gateway.connection.Connections;
import io.nostale.gateway.delivery.CatchUps;
import io.nostale.gateway.delivery.Subscription;
import io.nostale.gateway.protocol.CloseCodes;
import io.nostale.gateway.protocol.Frames;
import io.nostale.pages.delivery.ResyncReason;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a socket from open to replaying: refuses it at once when the gateway is at capacity, waits for its one
 * subscribe frame, checks it ({@link SubscribeCheck}), counts it against its user's quota, finds where its replay
 * starts and hands it to the catch-ups. Every refusal is an {@code error} (or {@code resync}) frame and a close code.
 */
public final class Subscriber {

    private static final Logger log = LoggerFactory.getLogger(Subscriber.class);

    private final SubscribeCheck check;
    private final ConnectionQuota quota;
    private final Capacity capacity;
    private final StartPointFinder startPoints;
    private final CatchUps catchUps;
    private final Connections connections;
    private final Frames frames;
    private final GatewayMetrics metrics;
    private final ExecutorService startPool;
    private final ScheduledExecutorService timers;
    private final Duration subscribeTimeout;

    Subscriber(SubscribeCheck check, ConnectionQuota quota, Capacity capacity, StartPointFinder startPoints,
            CatchUps catchUps, Connections connections, Frames frames, GatewayMetrics metrics, ExecutorService startPool,
            ScheduledExecutorService timers, Duration subscribeTimeout) {
        this.check = check;
        this.quota = quota;
        this.capacity = capacity;
        this.startPoints = startPoints;
        this.catchUps = catchUps;
        this.connections = connections;
        this.frames = frames;
        this.metrics = metrics;
        this.startPool = startPool;
        this.timers = timers;
        this.subscribeTimeout = subscribeTimeout;
    }

    /** A socket was opened: refuse it if the gateway is full, else give it the subscribe timeout. */
    public void opened(Connection connection) {
        capacity.refusal().ifPresentOrElse(why -> refuse(connection, CloseCodes.UNAVAILABLE, "unavailable", why), () -> {
            ScheduledFuture<?> timeout = timers.schedule(() -> timedOut(connection), subscribeTimeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            connection.subscribeDeadline(() -> timeout.cancel(false));
        });
    }

    /** The socket's text frame. Only the first is a subscribe; a second one is refused. */
    public void frame(Connection connection, String frame) {
        connection.cancelSubscribeDeadline();
        if (connection.isEnding()) {
            return; // refused already (say, the subscribe came after its timeout): the close is on its way
        }
        if (!connection.advance(Connection.State.AWAITING_SUBSCRIBE, Connection.State.SUBSCRIBING)) {
            refuse(connection, CloseCodes.BAD_REQUEST, "bad-message", "only one subscribe frame is accepted per connection");
            return;
        }
        Admission admission = check.check(frame);
        if (admission instanceof Admission.Refuse refusal) {
            refuse(connection, refusal.code(), refusal.error(), refusal.detail());
        } else if (admission instanceof Admission.Resync resync) {
            resync(connection, resync.reason(), resync.detail());
        } else {
            accept(connection, (Admission.Accept) admission);
        }
    }

    private void accept(Connection connection, Admission.Accept accept) {
        long userId = accept.claims().userId();
        if (!quota.tryAcquire(userId)) {
            refuse(connection, CloseCodes.TOO_MANY_CONNECTIONS, "too-many-connections",
                    "user already holds " + quota.limit() + " connections");
            return;
        }
        connection.whenEnded(() -> quota.release(userId));
        try {
            startPool.execute(() -> start(connection, accept));
        } catch (RejectedExecutionException e) {
            refuse(connection, CloseCodes.UNAVAILABLE, "unavailable", "gateway shutting down; retry");
        }
    }

    private void start(Connection connection, Admission.Accept accept) {
        if (connection.isEnding()) {
            return;
        }
        StartDecision decision = startPoints.find(accept.claims().timepoint(), accept.resume(), accept.stream());
        if (decision instanceof StartDecision.Start from) {
            log.debug("Socket {} user {}: replay from offset {} after {}", connection.id(), accept.claims().userId(),
                    from.offset(), from.floor());
            catchUps.start(new Subscription(connection, accept.claims(), accept.filter(), accept.stream(), from.offset(),
                    from.floor()));
        } else if (decision instanceof StartDecision.Resync resync) {
            resync(connection, resync.reason(), resync.detail());
        } else {
            String why = ((StartDecision.Unavailable) decision).why();
            log.warn("User {}: cannot start replay, Kafka unavailable: {}", accept.claims().userId(), why);
            refuse(connection, CloseCodes.UNAVAILABLE, "unavailable", "change stream unavailable; retry");
        }
    }

    private void timedOut(Connection connection) {
        if (connection.state() == Connection.State.AWAITING_SUBSCRIBE) {
            refuse(connection, CloseCodes.SUBSCRIBE_TIMEOUT, "subscribe-timeout", "no subscribe frame within " + subscribeTimeout);
        }
    }

    private void resync(Connection connection, ResyncReason reason, String detail) {
        log.info("Resync before start ({}): {}", reason.wireName(), detail);
        metrics.resync(reason);
        connections.refuse(connection, frames.resync(reason, detail), CloseCodes.RESYNC, reason.wireName());
    }

    private void refuse(Connection connection, int code, String error, String detail) {
        log.info("Refusing socket {} ({}): {}", connection.id(), error, detail);
        metrics.refused(error);
        connections.refuse(connection, frames.error(error, detail), code, CloseCodes.reason(error));
    }
}
