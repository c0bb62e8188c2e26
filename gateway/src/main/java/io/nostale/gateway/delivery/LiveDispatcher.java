package io.nostale.gateway.delivery;

import io.nostale.gateway.GatewayMetrics;
import io.nostale.gateway.GatewayProperties;
import io.nostale.gateway.connection.Connection;
import io.nostale.gateway.stream.ChangeLog;
import io.nostale.pages.Interest;
import io.nostale.pages.delivery.ResyncReason;
import io.nostale.pages.record.LoggedRecord;
import io.nostale.wire.StreamPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the stream out to every live page, on one thread: it takes each new record of the in-memory log once, in
 * order, finds the pages it can concern by their routing keys ({@link Routes}), judges it for each with the delivery
 * rule and queues the frame, serialized once per distinct content ({@link FrameCache}). Sockets are written by the
 * container without blocking this thread; a socket that cannot keep up is dropped ({@code resync slow-client}).
 *
 * <p>Pages come here from their catch-up ({@link #join}); the dispatcher fills the few records between where the
 * catch-up stopped and where the dispatcher is, sends {@code caught-up} and routes the page from then on, so no
 * record is judged twice or skipped. It also sends heartbeats on quiet sockets.
 *
 * <p>It keeps the stream's {@link StreamClock}: the newest commit time handed out, and since when. A joining page gets
 * {@code caught-up} only once the stream has passed its read point (a page rendered while capture stood still waits,
 * routed, until capture brings a record committed after its read); every {@code caught-up} and live heartbeat tells
 * the page how fresh the stream is, so it can show "delayed".
 */
public final class LiveDispatcher {

    private static final Logger log = LoggerFactory.getLogger(LiveDispatcher.class);
    private static final int BATCH = 1_024;
    /** Records the dispatcher fills in itself when a page joins; a page further behind goes back to catch-up. */
    static final int MAX_JOIN_GAP = 4_096;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private sealed interface Command {
    }

    private record Join(Subscription page, CatchUps catchUps) implements Command {
    }

    private record Leave(Subscription page) implements Command {
    }

    private record Replaced(String detail, CompletableFuture<Void> done) implements Command {
    }

    private final ChangeLog changeLog;
    private final Sender sender;
    private final GatewayProperties properties;
    private final GatewayMetrics metrics;
    private final Supplier<String> streamId;
    private final Routes routes = new Routes();
    private final ConcurrentLinkedQueue<Command> commands = new ConcurrentLinkedQueue<>();
    private final List<LoggedRecord> batch = new ArrayList<>(BATCH);
    private final List<Subscription> ended = new ArrayList<>();
    private final Flushes flushes = new Flushes();
    private final StreamClock clock = new StreamClock();
    /** Routed pages whose read point the stream has not passed yet: no {@code caught-up} for them so far. */
    private final Set<Subscription> awaitingStream = new LinkedHashSet<>();
    /** The clock's database time when {@link #awaitingStream} was last looked at. */
    private long awaitingCheckedAt = StreamClock.UNKNOWN;
    private final long freshnessMillis;
    private volatile Thread thread;
    private volatile boolean running;
    /** Next offset to hand out; every record below it was judged for every live page. */
    private volatile long next = -1;
    private int epoch;
    /** Highest position below {@link #next} in the current capture: the resume position of a quiet page. */
    private StreamPosition livePosition = StreamPosition.BEGINNING;
    private long nextHeartbeatNanos;

    LiveDispatcher(ChangeLog changeLog, Sender sender, GatewayProperties properties, GatewayMetrics metrics,
            Supplier<String> streamId) {
        this.changeLog = changeLog;
        this.sender = sender;
        this.properties = properties;
        this.metrics = metrics;
        this.streamId = streamId;
        this.freshnessMillis = properties.freshness().toMillis();
        clock.reset(StreamClock.UNKNOWN, System.nanoTime());
        metrics.gauge("nostale.gateway.subscriptions.live", "Pages caught up and streaming live", routes::size);
        metrics.gauge("nostale.gateway.stream.staleness.seconds", "Seconds since the newest database commit time"
                + " (relay heartbeat or change) reached the live pages; grows while capture, the relay, Kafka or this"
                + " gateway's link to it stands still", () -> clock.ageMillis(System.nanoTime()) / 1000.0);
    }

    void start() {
        running = true;
        Thread dispatcher = new Thread(this::run, "live-dispatcher");
        dispatcher.setDaemon(true);
        thread = dispatcher;
        dispatcher.start();
    }

    void stop() {
        running = false;
        Thread dispatcher = thread;
        if (dispatcher != null) {
            LockSupport.unpark(dispatcher);
            try {
                dispatcher.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The offset the dispatcher hands out next (-1 before the tail started). */
    long next() {
        return next;
    }

    /** A page whose catch-up has reached (or nearly reached) the dispatcher; it goes live from here. */
    void join(Subscription page, CatchUps catchUps) {
        commands.add(new Join(page, catchUps));
        wake();
    }

    /** The page's socket ended. */
    void leave(Subscription page) {
        commands.add(new Leave(page));
        wake();
    }

    /** New records are in the log. */
    void tailAdvanced() {
        wake();
    }

    /** Resyncs every live page, and returns once that is done, so the tail can then forget the old stream. */
    void streamReplaced(String detail) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        commands.add(new Replaced(detail, done));
        wake();
        try {
            done.get(properties.sendTimeLimit().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Live pages were not all told about the recreated topic in time: {}", e.toString());
        }
    }

    private void wake() {
        Thread dispatcher = thread;
        if (dispatcher != null) {
            LockSupport.unpark(dispatcher);
        }
    }

    private void run() {
        while (running) {
            try {
                boolean busy = runCommands();
                busy |= dispatch();
                releaseAwaiting();
                heartbeats();
                flushes.flushAll();
                if (!busy) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
            } catch (RuntimeException e) {
                log.error("Live dispatch failed; continuing", e);
            }
        }
    }

    private boolean runCommands() {
        boolean any = false;
        Command command;
        while ((command = commands.poll()) != null) {
            any = true;
            if (command instanceof Join join) {
                admit(join.page(), join.catchUps());
            } else if (command instanceof Leave leave) {
                routes.remove(leave.page());
                awaitingStream.remove(leave.page());
            } else if (command instanceof Replaced replaced) {
                replace(replaced.detail());
                replaced.done().complete(null);
            }
        }
        return any;
    }

    /** Hands out every record that arrived since the last call; false when there was none. */
    private boolean dispatch() {
        long head = changeLog.headOffset();
        if (head < 0) {
            return false;
        }
        if (next < 0 || epoch != changeLog.epoch()) {
            epoch = changeLog.epoch();
            next = head; // nobody is live yet: start where the stream is now
            changeLog.dispatchedBelow(next);
            long newest = changeLog.newestTimestamp();
            clock.reset(newest == Long.MIN_VALUE ? StreamClock.UNKNOWN : newest, System.nanoTime());
        }
        if (next >= head) {
            return false;
        }
        batch.clear();
        if (!changeLog.read(next, BATCH, batch)) {
            log.error("The in-memory log no longer holds offset {} (dispatcher at {}); resyncing live pages", next, head);
            routes.all().forEach(page -> sender.resync(page, ResyncReason.SLOW_CLIENT, "the gateway fell behind its log"));
            next = head;
            return true;
        }
        for (LoggedRecord record : batch) {
            handOut(record);
        }
        long after = batch.isEmpty() ? head : batch.get(batch.size() - 1).offset() + 1;
        next = batch.size() < BATCH ? Math.max(after, head) : after;
        changeLog.dispatchedBelow(next);
        return true;
    }

    private void handOut(LoggedRecord record) {
        if (record instanceof LoggedRecord.Change change) {
            if (change.position().isAfter(livePosition)) {
                livePosition = change.position();
            }
            long committed = change.event().commitMillis();
            if (committed > clock.millis()) {
                clock.observe(committed, System.nanoTime());
            }
            FrameCache cache = new FrameCache(sender.frames(), change, streamId.get());
            for (Interest interest : change.audience()) {
                for (Subscription page : routes.interestedIn(interest)) {
                    if (page.firstLookAt(record.offset()) && record.offset() >= page.cursor()) {
                        deliver(page, record, cache);
                    }
                }
            }
        } else {
            if (record instanceof LoggedRecord.Start) {
                livePosition = StreamPosition.BEGINNING;
            }
            for (Subscription page : routes.all()) {
                if (record.offset() >= page.cursor()) {
                    deliver(page, record, null);
                }
            }
        }
        ended.forEach(routes::remove);
        ended.clear();
    }

    /** Judges and sends one record to one live page; waits for the outbound budget, drops a socket that is full. */
    private void deliver(Subscription page, LoggedRecord record, FrameCache cache) {
        Sender.Outcome outcome = sender.handleWithinBudget(page, record, cache, flushes, () -> running);
        if (outcome == Sender.Outcome.OUTBOX_FULL) {
            sender.dropSlow(page.connection(), "more than " + properties.outboxBytes() + " bytes waiting for it");
            outcome = Sender.Outcome.ENDED;
        }
        if (outcome == Sender.Outcome.ENDED) {
            ended.add(page);
        }
    }

    /** A page from catch-up: fill the gap to {@link #next}, send {@code caught-up}, route it from now on. */
    private void admit(Subscription page, CatchUps catchUps) {
        if (page.isOver()) {
            return;
        }
        long gap = next - page.cursor();
        if (next >= 0 && gap > 0) {
            if (gap > MAX_JOIN_GAP || !fillGap(page)) {
                catchUps.resume(page); // fell further behind meanwhile: one more round of catch-up
                return;
            }
        }
        if (page.isOver()) {
            return;
        }
        routes.add(page);
        if (!clock.hasPassed(page.timepoint().readAt().toEpochMilli())) {
            awaitingStream.add(page); // read after the newest record here: caught up once the stream passes its read
            return;
        }
        sendCaughtUp(page);
    }

    /** {@code caught-up} for a routed page the stream has passed; it leaves the routes if that fails. */
    private void sendCaughtUp(Subscription page) {
        long offset = Math.max(page.cursor(), next) - 1;
        StreamPosition position = page.floor().isAfter(livePosition) ? page.floor() : livePosition;
        long now = System.nanoTime();
        Sender.Outcome sent = sender.sendLivePoint(page, true, offset, position, clock.millis(), clock.ageMillis(now),
                freshnessMillis, flushes);
        if (sent == Sender.Outcome.DONE) {
            page.connection().advance(Connection.State.SUBSCRIBING, Connection.State.LIVE);
            metrics.caughtUp(Duration.ofNanos(now - page.subscribedNanos()));
            log.debug("Socket {}: caught up at offset {}", page.connection().id(), offset);
            return;
        }
        routes.remove(page);
        if (sent != Sender.Outcome.ENDED) {
            sender.dropSlow(page.connection(), "could not take its caught-up frame");
        }
    }

    /** Pages waiting for the stream to pass their read point get {@code caught-up} once it has (looked at as it moves). */
    private void releaseAwaiting() {
        if (awaitingStream.isEmpty() || clock.millis() == awaitingCheckedAt) {
            return;
        }
        awaitingCheckedAt = clock.millis();
        for (Iterator<Subscription> it = awaitingStream.iterator(); it.hasNext(); ) {
            Subscription page = it.next();
            if (page.isOver()) {
                it.remove();
                routes.remove(page);
            } else if (clock.hasPassed(page.timepoint().readAt().toEpochMilli())) {
                it.remove();
                sendCaughtUp(page);
            }
        }
    }

    /** Judges, for one joining page, the records between its catch-up and the dispatcher; false if not held. */
    private boolean fillGap(Subscription page) {
        List<LoggedRecord> gap = new ArrayList<>();
        if (!changeLog.read(page.cursor(), (int) (next - page.cursor()), gap)) {
            return false;
        }
        for (LoggedRecord record : gap) {
            if (record.offset() >= next) {
                break;
            }
            FrameCache cache = record instanceof LoggedRecord.Change change
                    ? new FrameCache(sender.frames(), change, streamId.get()) : null;
            deliver(page, record, cache);
            if (!ended.isEmpty()) {
                ended.clear();
                return true; // the page ended (resync, dropped): nothing more to do for it
            }
        }
        page.cursor(Math.max(page.cursor(), next));
        return true;
    }

    /** Heartbeats on sockets that were sent nothing for a heartbeat interval; they move the resume point. */
    private void heartbeats() {
        long now = System.nanoTime();
        if (now < nextHeartbeatNanos) {
            return;
        }
        long interval = properties.heartbeatInterval().toNanos();
        nextHeartbeatNanos = now + interval / 4;
        long offset = next - 1;
        long streamAt = clock.millis();
        long streamAge = clock.ageMillis(now);
        for (Subscription page : routes.all()) {
            if (now - page.lastSentNanos() >= interval && !page.isOver()) {
                StreamPosition position = page.floor().isAfter(livePosition) ? page.floor() : livePosition;
                // a full outbox is the stall watch's to judge
                sender.sendLivePoint(page, false, offset, position, streamAt, streamAge,
                        freshnessMillis, flushes);
            }
        }
    }

    /** The topic was recreated: every offset a page holds names the old stream. */
    private void replace(String detail) {
        for (Subscription page : List.copyOf(routes.all())) {
            sender.resync(page, ResyncReason.STREAM_RESET, detail);
            routes.remove(page);
        }
        awaitingStream.clear();
        next = -1;
        livePosition = StreamPosition.BEGINNING;
        clock.reset(StreamClock.UNKNOWN, System.nanoTime());
    }
}
