package io.nostale.gateway.delivery;

import io.nostale.gateway.GatewayMetrics;
import io.nostale.gateway.GatewayProperties;
import io.nostale.gateway.catchup.History;
import io.nostale.gateway.connection.Connections;
import io.nostale.gateway.protocol.CloseCodes;
import io.nostale.pages.delivery.ResyncReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays what each new page has not seen, from its start point up to the live dispatcher: pages that start near
 * one another share one pass over the history ({@link Sweep}), so a reconnect storm of thousands of pages costs a
 * few reads of each record, not one per page. Sweeps run on a small pool a few batches per turn, so several progress
 * at once and none holds a thread while a client reads.
 */
public final class CatchUps {

    private static final Logger log = LoggerFactory.getLogger(CatchUps.class);
    private static final long RETRY_MILLIS = 10;

    private final History history;
    private final LiveDispatcher dispatcher;
    private final Sender sender;
    private final Connections connections;
    private final ExecutorService pool;
    private final ScheduledExecutorService timers;
    private final SweepSettings settings;
    private final GatewayMetrics metrics;
    private final Set<Subscription> replaying = ConcurrentHashMap.newKeySet();
    /** Sweeps that take pages; guarded by {@code this}. */
    private final List<Sweep> sweeps = new ArrayList<>();

    CatchUps(History history, LiveDispatcher dispatcher, Sender sender, Connections connections, ExecutorService pool,
            ScheduledExecutorService timers, GatewayProperties properties, GatewayMetrics metrics) {
        this.history = history;
        this.dispatcher = dispatcher;
        this.sender = sender;
        this.connections = connections;
        this.pool = pool;
        this.timers = timers;
        this.settings = SweepSettings.of(properties);
        this.metrics = metrics;
        metrics.gauge("nostale.gateway.catchup.sweeps", "Passes over the history running for replaying pages",
                this::sweeps);
    }

    /** Starts replaying for a new page; it goes live by itself when it reaches the dispatcher. */
    public void start(Subscription page) {
        page.connection().whenEnded(() -> {
            replaying.remove(page);
            dispatcher.leave(page);
        });
        resume(page);
    }

    /** Pages replaying right now: more than the configured limit and new ones are refused ({@code unavailable}). */
    public int replaying() {
        return replaying.size();
    }

    /** Sweeps running now (for tests: a reconnect storm's pages share a few). */
    synchronized int sweeps() {
        return sweeps.size();
    }

    /** (Re)places a page at its cursor: in the sweep nearest it, or in a new one. */
    void resume(Subscription page) {
        if (page.isOver()) {
            return;
        }
        replaying.add(page);
        Sweep started;
        synchronized (this) {
            List<Long> positions = new ArrayList<>(sweeps.size());
            sweeps.forEach(sweep -> positions.add(sweep.position()));
            int chosen = settings.choice().choose(page.cursor(), positions, history.inMemory(page.cursor()));
            if (chosen != SweepChoice.NONE) {
                sweeps.get(chosen).arrive(page);
                return;
            }
            started = new Sweep(page.cursor(), this, history, sender, settings);
            started.arrive(page);
            sweeps.add(started);
        }
        schedule(started);
    }

    /** The topic was recreated: the offsets of every replaying page name the old stream. */
    void replaced(String detail) {
        for (Subscription page : Set.copyOf(replaying)) {
            sender.resync(page, ResyncReason.STREAM_RESET, detail);
            replaying.remove(page);
        }
    }

    /**
     * A sweep with another a little ahead of it (within the fill window) moves its pages there and retires: each
     * page's few records between the two are judged for it alone, then one pass carries them all. Pages only ever
     * move forward, so no stream of late pages can hold others back. The lock keeps two sweeps from merging into each
     * other.
     */
    synchronized boolean mergeAhead(Sweep sweep) {
        long position = sweep.position();
        if (!history.inMemory(position)) {
            return false; // its pages' fills would each read the same records from Kafka
        }
        Sweep target = null;
        for (Sweep other : sweeps) {
            long ahead = other.position() - position;
            if (other != sweep && ahead >= 0 && ahead <= settings.choice().fill()
                    && (target == null || other.position() < target.position())) {
                target = other;
            }
        }
        if (target == null || !sweeps.remove(sweep)) {
            return false;
        }
        sweep.moveInto(target);
        return true;
    }

    /** A sweep without pages retires, unless a page arrived meanwhile. */
    synchronized boolean retire(Sweep sweep) {
        if (sweep.hasArrivals()) {
            return false;
        }
        sweeps.remove(sweep);
        return true;
    }

    /** The sweep takes no more pages: those that arrive from now on go to another. */
    synchronized void retireNow(Sweep sweep) {
        sweeps.remove(sweep);
    }

    void read(int records) {
        metrics.replayRead(records);
    }

    long liveNext() {
        return dispatcher.next();
    }

    void toLive(Subscription page) {
        replaying.remove(page);
        dispatcher.join(page, this);
    }

    void schedule(Sweep sweep) {
        try {
            pool.execute(sweep::turn);
        } catch (RejectedExecutionException e) {
            retireNow(sweep); // shutting down: the sockets are being closed with 1001
        }
    }

    void later(Sweep sweep) {
        try {
            timers.schedule(() -> schedule(sweep), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            retireNow(sweep);
        }
    }

    void unavailable(Subscription page, String why) {
        log.warn("Socket {}: cannot replay, change history unavailable: {}", page.connection().id(), why);
        replaying.remove(page);
        connections.end(page.connection(), sender.frames().error("unavailable", "change stream unavailable; retry"),
                CloseCodes.UNAVAILABLE, "unavailable", false);
    }

    /** A bug in a sweep must not leave its pages waiting forever: they are told to come back. */
    void failed(Sweep sweep, RuntimeException e) {
        log.error("A replay sweep failed; its pages are told to retry", e);
        sweep.endAll("the replay failed: " + e);
    }
}
