package io.nostale.gateway.delivery;

import io.nostale.gateway.catchup.History;
import io.nostale.gateway.catchup.HistoryRead;
import io.nostale.pages.Interest;
import io.nostale.pages.record.LoggedRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One pass over the history for every page replaying from about the same place, as after a gateway restart, when
 * thousands of pages resume from where the old gateway was. Replayed page by page, N pages share the pool's
 * throughput and each advances at 1/N of it: past a few thousand pages none gains on the stream and none catches up.
 * A sweep reads each record once and routes it by its routing keys ({@link Routes}) to the member pages it can
 * concern, as the live dispatcher does; its cost grows with records and frames, not with records times pages.
 *
 * <p>A page joins at its own cursor ({@link SweepChoice}): a little behind the sweep, its gap is judged for it alone
 * first; ahead of it, it waits until the sweep gets there. A page that finds no sweep near it starts one; a sweep
 * that comes within the fill window of one ahead of it moves its pages into that one and retires. A member whose client reads slowly leaves and comes back
 * when its socket drained, so no page holds the others. Near the dispatcher, every page goes live
 * ({@link LiveDispatcher#join}). A sweep runs on the catch-up pool a few batches per turn, one turn at a time; all
 * its state but {@link #arrivals} and {@link #position} belongs to the turn.
 */
final class Sweep {

    /** Batches of history a sweep reads per turn before the pool's other sweeps get a turn. */
    private static final int BATCHES_PER_TURN = 4;
    /** A sweep this close to the dispatcher hands its pages over; the dispatcher fills the rest for each. */
    static final int JOIN_GAP = 256;

    private enum Step { MOVED, AT_HEAD, FAILED }

    private final CatchUps catchUps;
    private final History history;
    private final Sender sender;
    private final long highWater;
    private final long heartbeatNanos;
    private final long fillWindow;
    private final Routes members = new Routes();
    private final PriorityQueue<Subscription> waiting = new PriorityQueue<>(Comparator.comparingLong(Subscription::cursor));
    private final ConcurrentLinkedQueue<Subscription> arrivals = new ConcurrentLinkedQueue<>();
    private final List<Subscription> left = new ArrayList<>();
    private final Flushes flushes = new Flushes();
    /** Next offset to read: every record below it was judged for every member. */
    private volatile long position;
    private long nextHeartbeatNanos;

    Sweep(long start, CatchUps catchUps, History history, Sender sender, SweepSettings settings) {
        this.position = start;
        this.catchUps = catchUps;
        this.history = history;
        this.sender = sender;
        this.highWater = settings.highWater();
        this.heartbeatNanos = settings.heartbeatNanos();
        this.fillWindow = settings.choice().fill();
    }

    long position() {
        return position;
    }

    /** A page to take in at its turn; called under the catch-ups' lock, never after the sweep retired. */
    void arrive(Subscription page) {
        arrivals.add(page);
    }

    boolean hasArrivals() {
        return !arrivals.isEmpty();
    }

    /** A few batches of history for every member; then it schedules itself again, waits, or retires. */
    void turn() {
        try {
            if (catchUps.mergeAhead(this)) {
                return;
            }
            admitArrivals();
            for (int round = 0; round < BATCHES_PER_TURN; round++) {
                if (members.size() == 0 && waiting.isEmpty()) {
                    if (catchUps.retire(this)) {
                        return;
                    }
                    admitArrivals();
                    continue;
                }
                if (members.size() == 0) {
                    position = Math.max(position, waiting.peek().cursor()); // nobody needs the records before it
                }
                long live = catchUps.liveNext();
                if (live >= 0 && live - position <= JOIN_GAP) {
                    handOff();
                    return;
                }
                Step step = readBatch();
                heartbeats();
                if (step == Step.FAILED) {
                    return;
                }
                if (step == Step.AT_HEAD) {
                    catchUps.later(this); // at the head of the log and the dispatcher has not started: look again
                    return;
                }
            }
            catchUps.schedule(this);
        } catch (RuntimeException e) {
            catchUps.failed(this, e);
        }
    }

    /**
     * Hands every page to {@code other}, a sweep a little ahead of this one, which carries them all from now on.
     * Called in this sweep's turn, under the catch-ups' lock.
     */
    void moveInto(Sweep other) {
        for (Subscription page : members.all()) {
            page.cursor(Math.max(page.cursor(), position));
        }
        forEveryPage(other::arrive);
    }

    /** Ends every page of the sweep with {@code unavailable}; used when history cannot be read. */
    void endAll(String why) {
        catchUps.retireNow(this);
        forEveryPage(page -> catchUps.unavailable(page, why));
    }

    private void forEveryPage(Consumer<Subscription> action) {
        List<Subscription> pages = new ArrayList<>(members.all());
        pages.addAll(waiting);
        Subscription arrival;
        while ((arrival = arrivals.poll()) != null) {
            pages.add(arrival);
        }
        members.clear();
        waiting.clear();
        pages.forEach(action);
    }

    private void admitArrivals() {
        Subscription page;
        while ((page = arrivals.poll()) != null) {
            if (page.isOver()) {
                continue;
            }
            long start = page.cursor();
            if (start > position) {
                waiting.add(page);
            } else if (start == position) {
                members.add(page);
            } else if (position - start > fillWindow || !history.inMemory(start)) {
                catchUps.resume(page); // the sweep ran on since the page was placed: it goes to one nearer its start
            } else if (fill(page)) {
                members.add(page);
            }
        }
    }

    /** Judges the records in [page cursor, position) for a page alone; false if it left (ended, slow, no history). */
    private boolean fill(Subscription page) {
        long until = position;
        while (page.cursor() < until) {
            HistoryRead read = history.read(page.cursor());
            if (read instanceof HistoryRead.Unavailable unavailable) {
                catchUps.unavailable(page, unavailable.why());
                return false;
            }
            HistoryRead.Records records = (HistoryRead.Records) read;
            catchUps.read(records.records().size());
            for (LoggedRecord record : records.records()) {
                if (record.offset() >= until) {
                    break;
                }
                if (record.offset() < page.cursor() || record instanceof LoggedRecord.Change change
                        && !change.concerns(page.filter().interests(), page.interestBits())) {
                    continue; // not this page's: routing is deterministic, so neither is any duplicate of it
                }
                judge(page, record, cacheFor(null, record, page));
                if (!left.isEmpty()) {
                    left.clear();
                    flushes.flushAll();
                    return false;
                }
            }
            if (records.next() <= page.cursor() && records.records().isEmpty()) {
                catchUps.unavailable(page, "history below offset " + until + " did not advance from " + page.cursor());
                return false;
            }
            page.cursor(Math.min(until, Math.max(page.cursor(), records.next())));
        }
        flushes.flushAll();
        return true;
    }

    /** One batch of history for every member. */
    private Step readBatch() {
        long from = position;
        HistoryRead read = history.read(from);
        if (read instanceof HistoryRead.Unavailable unavailable) {
            endAll(unavailable.why());
            return Step.FAILED;
        }
        HistoryRead.Records records = (HistoryRead.Records) read;
        catchUps.read(records.records().size());
        try {
            for (LoggedRecord record : records.records()) {
                if (record.offset() >= from) {
                    activateUpTo(record.offset());
                    route(record);
                }
            }
        } finally {
            flushes.flushAll();
        }
        position = Math.max(from, records.next());
        activateUpTo(position);
        return position > from ? Step.MOVED : Step.AT_HEAD;
    }

    /** Waiting pages whose start the sweep has reached become members. */
    private void activateUpTo(long offset) {
        while (!waiting.isEmpty() && waiting.peek().cursor() <= offset) {
            members.add(waiting.poll());
        }
    }

    private void route(LoggedRecord record) {
        long offset = record.offset();
        if (record instanceof LoggedRecord.Change change) {
            FrameCache cache = null;
            for (Interest interest : change.audience()) {
                for (Subscription page : members.interestedIn(interest)) {
                    if (page.firstLookAt(offset) && offset >= page.cursor()) {
                        cache = cacheFor(cache, record, page);
                        judge(page, record, cache);
                    }
                }
            }
        } else {
            for (Subscription page : members.all()) {
                if (offset >= page.cursor()) {
                    judge(page, record, null);
                }
            }
        }
        removeLeft();
    }

    private FrameCache cacheFor(FrameCache cache, LoggedRecord record, Subscription page) {
        if (!(record instanceof LoggedRecord.Change change)) {
            return null;
        }
        return cache != null && cache.stream().equals(page.stream())
                ? cache : new FrameCache(sender.frames(), change, page.stream());
    }

    /** Judges one record for one page; a page that ends, or whose client reads too slowly, leaves the sweep. */
    private void judge(Subscription page, LoggedRecord record, FrameCache cache) {
        if (page.connection().backlog() > highWater) {
            leaveUntilDrained(page, record.offset());
            return;
        }
        Sender.Outcome outcome = sender.handleWithinBudget(page, record, cache, flushes, () -> true);
        if (outcome == Sender.Outcome.OUTBOX_FULL && page.connection().backlog() == 0) {
            sender.dropSlow(page.connection(), "a frame larger than its whole outbox"); // it would never fit
            outcome = Sender.Outcome.ENDED;
        }
        if (outcome == Sender.Outcome.OUTBOX_FULL) {
            leaveUntilDrained(page, record.offset());
        } else if (outcome == Sender.Outcome.ENDED) {
            left.add(page);
        }
    }

    /** The page replays on at its client's pace: it comes back (to this sweep or another) once its socket drained. */
    private void leaveUntilDrained(Subscription page, long unjudged) {
        page.cursor(Math.max(page.cursor(), unjudged));
        left.add(page);
        flushes.flushAll();
        page.connection().whenDrained(() -> catchUps.resume(page));
    }

    private void removeLeft() {
        if (!left.isEmpty()) {
            left.forEach(members::remove);
            left.clear();
        }
    }

    /**
     * A long replay that finds nothing for a page still tells it how far it got: the page's script treats a silent
     * socket as dead, and a page that reconnects resumes from here instead of from where it started. Pages whose
     * sockets ended are let go here too.
     */
    private void heartbeats() {
        long now = System.nanoTime();
        if (now < nextHeartbeatNanos) {
            return;
        }
        nextHeartbeatNanos = now + heartbeatNanos / 4;
        for (Subscription page : members.all()) {
            if (page.isOver()) {
                left.add(page);
            } else if (now - page.lastSentNanos() >= heartbeatNanos && position > 0) {
                sender.sendReplayHeartbeat(page, position - 1, page.floor(), flushes);
            }
        }
        removeLeft();
        for (Iterator<Subscription> it = waiting.iterator(); it.hasNext(); ) {
            Subscription page = it.next();
            if (page.isOver()) {
                it.remove();
            } else if (now - page.lastSentNanos() >= heartbeatNanos && page.cursor() > 0) {
                sender.sendReplayHeartbeat(page, page.cursor() - 1, page.floor(), flushes);
            }
        }
        flushes.flushAll();
    }

    /** Near the dispatcher: every page of the sweep goes live; the dispatcher fills each one's last few records. */
    private void handOff() {
        catchUps.retireNow(this);
        for (Subscription page : members.all()) {
            page.cursor(Math.max(page.cursor(), position)); // members were judged up to here; the others keep theirs
        }
        forEveryPage(page -> {
            if (!page.isOver()) {
                catchUps.toLive(page);
            }
        });
    }
}
