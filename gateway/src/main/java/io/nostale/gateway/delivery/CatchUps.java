package io.nostale.gateway.delivery;

import io.nostale.gateway.GatewayProperties;
import io.nostale.gateway.catchup.History;
import io.nostale.gateway.catchup.HistoryRead;
import io.nostale.gateway.connection.Connections;
import io.nostale.gateway.protocol.CloseCodes;
import io.nostale.gateway.protocol.ResyncReason;
import io.nostale.gateway.stream.LoggedRecord;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays what each new page has not seen, from its start point up to the live dispatcher, on a small pool: a few
 * batches per turn, then the page goes to the back of the queue, so thousands of pages catching up at once (a
 * reconnect storm) all progress and none holds a thread while its client reads. A page whose socket has more than
 * {@code outbox-bytes / 2} waiting is resumed when it drained: the replay goes at the client's pace.
 */
public final class CatchUps {

    private static final Logger log = LoggerFactory.getLogger(CatchUps.class);
    /** Batches of history one page reads per turn on the pool. */
    private static final int BATCHES_PER_TURN = 4;
    /** A page this close to the dispatcher joins it; the dispatcher judges the rest itself. */
    private static final int JOIN_GAP = 256;
    private static final long RETRY_MILLIS = 10;

    private final History history;
    private final LiveDispatcher dispatcher;
    private final Sender sender;
    private final Connections connections;
    private final ExecutorService pool;
    private final ScheduledExecutorService timers;
    private final long highWater;
    private final long heartbeatNanos;
    private final Set<Subscription> replaying = ConcurrentHashMap.newKeySet();

    CatchUps(History history, LiveDispatcher dispatcher, Sender sender, Connections connections, ExecutorService pool,
            ScheduledExecutorService timers, GatewayProperties properties) {
        this.history = history;
        this.dispatcher = dispatcher;
        this.sender = sender;
        this.connections = connections;
        this.pool = pool;
        this.timers = timers;
        this.highWater = properties.outboxBytes().toBytes() / 2;
        this.heartbeatNanos = properties.heartbeatInterval().toNanos();
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

    void resume(Subscription page) {
        replaying.add(page);
        submit(page);
    }

    /** The topic was recreated: the offsets of every replaying page name the old stream. */
    void replaced(String detail) {
        for (Subscription page : Set.copyOf(replaying)) {
            sender.resync(page, ResyncReason.STREAM_RESET, detail);
            replaying.remove(page);
        }
    }

    private void submit(Subscription page) {
        try {
            pool.execute(() -> turn(page));
        } catch (RejectedExecutionException e) {
            replaying.remove(page); // shutting down: the socket is being closed with 1001
        }
    }

    private void later(Subscription page) {
        try {
            timers.schedule(() -> submit(page), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            replaying.remove(page);
        }
    }

    private void turn(Subscription page) {
        for (int round = 0; round < BATCHES_PER_TURN; round++) {
            if (page.isOver() || !replaying.contains(page)) {
                replaying.remove(page);
                return;
            }
            long live = dispatcher.next();
            if (live >= 0 && live - page.cursor() <= JOIN_GAP) {
                replaying.remove(page);
                dispatcher.join(page, this);
                return;
            }
            if (page.connection().backlog() > highWater) {
                page.connection().whenDrained(() -> submit(page));
                return;
            }
            if (!replayBatch(page)) {
                return;
            }
            heartbeatIfQuiet(page);
        }
        submit(page);
    }

    /**
     * A long replay that finds nothing for the page still tells it how far it got: the page's script treats a silent
     * socket as dead, and a page that reconnects resumes from here instead of from where it started.
     */
    private void heartbeatIfQuiet(Subscription page) {
        if (System.nanoTime() - page.lastSentNanos() < heartbeatNanos || page.cursor() <= 0) {
            return;
        }
        Flushes flushes = new Flushes();
        sender.sendPoint(page, false, page.cursor() - 1, page.floor(), flushes);
        flushes.flushAll();
    }

    /** One batch of history for the page; false when the turn ends here (the page waits, ended, or is at the head). */
    private boolean replayBatch(Subscription page) {
        long from = page.cursor();
        HistoryRead read = history.read(from);
        if (read instanceof HistoryRead.Unavailable unavailable) {
            log.warn("Socket {}: cannot replay, change history unavailable: {}", page.connection().id(), unavailable.why());
            replaying.remove(page);
            connections.end(page.connection(), sender.frames().error("unavailable", "change stream unavailable; retry"),
                    CloseCodes.UNAVAILABLE, "unavailable", false);
            return false;
        }
        HistoryRead.Records records = (HistoryRead.Records) read;
        Flushes flushes = new Flushes();
        try {
            return replay(page, records, from, flushes);
        } finally {
            flushes.flushAll();
        }
    }

    private boolean replay(Subscription page, HistoryRead.Records records, long from, Flushes flushes) {
        for (LoggedRecord record : records.records()) {
            if (record.offset() < page.cursor()
                    || record instanceof LoggedRecord.Change change && !change.concerns(page.filter().interests(), page.interestBits())) {
                continue; // not this page's: routing is deterministic, so neither is any duplicate of it
            }
            FrameCache cache = record instanceof LoggedRecord.Change change
                    ? new FrameCache(sender.frames(), change, page.stream()) : null;
            Sender.Outcome outcome = sender.handle(page, record, cache, flushes);
            if (outcome == Sender.Outcome.BUDGET_SPENT) {
                later(page);
                return false;
            }
            if (outcome == Sender.Outcome.OUTBOX_FULL) {
                page.connection().whenDrained(() -> submit(page));
                return false;
            }
            if (outcome == Sender.Outcome.ENDED) {
                replaying.remove(page);
                return false;
            }
        }
        page.cursor(Math.max(page.cursor(), records.next()));
        if (records.records().isEmpty() && page.cursor() == from) {
            later(page); // at the head of the log, and the dispatcher has not started: look again shortly
            return false;
        }
        return true;
    }
}
