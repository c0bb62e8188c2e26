package io.nostale.load.page;

import io.nostale.load.check.CheckReport;
import io.nostale.load.check.PhaseCheck;
import io.nostale.load.workload.CommitLog;
import io.nostale.load.workload.FinalChange;
import io.nostale.load.workload.RequestMarkers;
import io.nostale.load.ws.Reactor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * All pages of one gateway build, spread over a few reactors. Other threads see the fleet through counters (pages
 * live, sockets held, pages that received the final change) and through tasks run on each reactor (begin a phase,
 * collect its measurements, check it).
 */
public final class Fleet implements AutoCloseable {

    static final String PATH = "/live";
    /** Width of the frames-per-interval buckets. */
    public static final long BUCKET_MILLIS = 100;
    /** Buckets per phase: ten minutes. */
    static final int BUCKETS = 6_000;
    private static final Duration TASK_LIMIT = Duration.ofSeconds(120);

    /**
     * Where and how pages connect.
     *
     * @param target          the gateway's address (loopback)
     * @param hostHeader      {@code localhost:<port>}
     * @param origin          the renderer's URL: the only origin the gateway accepts
     * @param sources         local addresses the sockets are bound to in turn, so ports never run out
     * @param reactors        selector threads
     * @param openConcurrency pages opening (connected but not yet caught up) at once
     */
    public record Settings(InetSocketAddress target, String hostHeader, String origin, List<InetSocketAddress> sources,
                           int reactors, int openConcurrency) {
    }

    private final Settings settings;
    private final CommitLog log;
    private final RequestMarkers markers;
    private final Events events;
    private final Opener opener;
    private final List<Reactor> reactors = new ArrayList<>();
    private final List<PageGroup> groups = new ArrayList<>();
    private final Semaphore openings;
    private final AtomicInteger pages = new AtomicInteger();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger sockets = new AtomicInteger();
    private final AtomicInteger fenced = new AtomicInteger();
    private final LongAdder changes = new LongAdder();
    private volatile int phaseFirstId;
    private volatile long phaseStartNanos = System.nanoTime();
    private volatile int measureFrom = Integer.MAX_VALUE;
    private volatile int measureTo = Integer.MAX_VALUE;
    private volatile FinalChange.Ids finalChange;

    public Fleet(Settings settings, CommitLog log, RequestMarkers markers, Events events, Opener opener,
            ThreadFactory reactorThreads, Consumer<Throwable> onError) {
        this.settings = settings;
        this.log = log;
        this.markers = markers;
        this.events = events;
        this.opener = opener;
        this.openings = new Semaphore(settings.openConcurrency());
        for (int i = 0; i < settings.reactors(); i++) {
            Reactor reactor = new Reactor(reactorThreads, onError);
            reactors.add(reactor);
            groups.add(new PageGroup(this, reactor, 7919L * (i + 1)));
        }
    }

    /**
     * Waits until {@code count} more pages may open: at most {@code openConcurrency} pages are between connecting and
     * their first caught-up. Taken before the pages' timepoint is read, so a page never waits with an old one. False
     * when {@code keepGoing} said stop first (the places taken so far are given back).
     */
    public boolean reserve(int count, BooleanSupplier keepGoing) throws InterruptedException {
        int taken = 0;
        while (taken < count) {
            if (openings.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                taken++;
            } else if (!keepGoing.getAsBoolean()) {
                openings.release(taken);
                return false;
            }
        }
        return true;
    }

    /** Opens pages whose places were {@link #reserve reserved}: each connects from its source address. */
    public void open(List<Opener.Ticket> tickets) {
        for (Opener.Ticket ticket : tickets) {
            int index = ticket.spec().index();
            PageGroup group = groups.get(Math.floorMod(index, groups.size()));
            Page page = new Page(index, ticket.spec().user(), ticket.spec().view(), group, ticket.token(), ticket.timepoint());
            page.opening = true;
            pages.incrementAndGet();
            group.reactor.execute(() -> group.add(page));
        }
    }

    /** Pages handed to the fleet and not stopped. */
    public int pages() {
        return pages.get();
    }

    /** Pages whose current connection received caught-up. */
    public int live() {
        return live.get();
    }

    /** Upgraded connections currently open. */
    public int sockets() {
        return sockets.get();
    }

    /** Pages that received their row of the current phase's final change. */
    public int fenced() {
        return fenced.get();
    }

    /** Change frames received since the fleet started. */
    public long changesReceived() {
        return changes.sum();
    }

    /** Pages still between connecting and their first caught-up. */
    public int opening() {
        return settings.openConcurrency() - openings.availablePermits();
    }

    /**
     * Starts a phase: arrivals are recorded afresh, changes with ids below {@code firstId} count as late, and
     * latency is measured for ids from {@code firstId} until {@link #endMeasurement}.
     */
    public void beginPhase(int firstId) {
        finalChange = null;
        fenced.set(0);
        phaseFirstId = firstId;
        measureFrom = firstId;
        measureTo = Integer.MAX_VALUE;
        onEveryGroup(group -> {
            group.beginPhase();
            return null;
        });
        phaseStartNanos = System.nanoTime();
    }

    /** Latency is recorded for changes with ids below {@code nextId} only (the measured part of the phase is over). */
    public void endMeasurement(int nextId) {
        measureTo = nextId;
    }

    /** The final change's ids, announced before it commits so its rows are recognised on arrival. */
    public void announceFinalChange(FinalChange.Ids ids) {
        finalChange = ids;
    }

    public long phaseStartNanos() {
        return phaseStartNanos;
    }

    public PhaseStats stats() {
        List<PhaseStats> parts = onEveryGroup(PageGroup::stats);
        Histogram latency = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
        Histogram catchUp = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
        long[] buckets = new long[BUCKETS];
        long changeFrames = 0;
        long frames = 0;
        long unreadable = 0;
        for (PhaseStats part : parts) {
            latency.add(part.latencyMicros());
            catchUp.add(part.catchUpMicros());
            for (int i = 0; i < BUCKETS; i++) {
                buckets[i] += part.buckets()[i];
            }
            changeFrames += part.changeFrames();
            frames += part.frames();
            unreadable += part.unreadable();
        }
        return new PhaseStats(latency, catchUp, buckets, changeFrames, frames, unreadable);
    }

    /** Runs the check on every reactor (pages are confined there) and merges the reports. */
    public CheckReport check(PhaseCheck check) {
        CheckReport report = CheckReport.empty(check.to() - check.from());
        for (CheckReport part : onEveryGroup(group -> group.check(check))) {
            report = report.merge(part);
        }
        return report;
    }

    /** How long after {@code sinceNanos} each page's last caught-up came; {@code notYet[0]} counts the others. */
    public Histogram caughtUpSince(long sinceNanos, long[] notYet) {
        Histogram all = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
        for (PageGroup group : groups) {
            long[] missing = {0};
            all.add(call(group, g -> g.caughtUpSince(sinceNanos, missing)));
            notYet[0] += missing[0];
        }
        return all;
    }

    /** Pages live on a connection that caught up after {@code sinceNanos}. */
    public int countCaughtUpSince(long sinceNanos) {
        int count = 0;
        for (int n : onEveryGroup(group -> group.countCaughtUpSince(sinceNanos))) {
            count += n;
        }
        return count;
    }

    /** Closes every page's connection; the fleet can then be closed. */
    public void stopAll() {
        onEveryGroup(group -> {
            group.stopAll();
            return null;
        });
        pages.set(0);
    }

    @Override
    public void close() {
        for (Reactor reactor : reactors) {
            reactor.close();
        }
    }

    public List<Thread> threads() {
        return reactors.stream().map(Reactor::thread).toList();
    }

    // ---- for the page groups ----

    InetSocketAddress target() {
        return settings.target();
    }

    InetSocketAddress source(int pageIndex) {
        List<InetSocketAddress> sources = settings.sources();
        return sources.isEmpty() ? null : sources.get(Math.floorMod(pageIndex, sources.size()));
    }

    String hostHeader() {
        return settings.hostHeader();
    }

    String origin() {
        return settings.origin();
    }

    CommitLog log() {
        return log;
    }

    RequestMarkers requestMarkers() {
        return markers;
    }

    Events events() {
        return events;
    }

    Opener opener() {
        return opener;
    }

    int phaseFirstId() {
        return phaseFirstId;
    }

    boolean measures(int id) {
        return id >= measureFrom && id < measureTo;
    }

    boolean isFinalChange(int id) {
        FinalChange.Ids ids = finalChange;
        return ids != null && ids.contains(id);
    }

    void pageLive() {
        live.incrementAndGet();
    }

    void pageNotLive() {
        live.decrementAndGet();
    }

    void socketOpened() {
        sockets.incrementAndGet();
    }

    void socketClosed() {
        sockets.decrementAndGet();
    }

    void pageFenced() {
        fenced.incrementAndGet();
    }

    /** A page closed for good: it no longer counts among the pages that must be live. */
    void pageStopped() {
        pages.decrementAndGet();
    }

    void changeReceived() {
        changes.increment();
    }

    /** A page reached its first caught-up (or gave up): the next may open. */
    void opened() {
        openings.release();
    }

    private <T> List<T> onEveryGroup(Function<PageGroup, T> work) {
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (PageGroup group : groups) {
            futures.add(group.reactor.call(() -> work.apply(group)));
        }
        List<T> results = new ArrayList<>();
        for (CompletableFuture<T> future : futures) {
            results.add(await(future));
        }
        return results;
    }

    private static <T> T call(PageGroup group, Function<PageGroup, T> work) {
        return await(group.reactor.call(() -> work.apply(group)));
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TASK_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a reactor", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a reactor task failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("a reactor did not answer within " + TASK_LIMIT.toSeconds() + " s", e);
        }
    }
}
