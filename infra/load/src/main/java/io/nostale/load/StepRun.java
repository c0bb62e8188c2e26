package io.nostale.load;

import io.nostale.load.check.CheckReport;
import io.nostale.load.check.PageKind;
import io.nostale.load.check.PhaseCheck;
import io.nostale.load.measure.CpuMeter;
import io.nostale.load.measure.Jvm;
import io.nostale.load.measure.LatencySummary;
import io.nostale.load.measure.TopicTail;
import io.nostale.load.page.Events;
import io.nostale.load.page.Fleet;
import io.nostale.load.page.Opener;
import io.nostale.load.page.PhaseStats;
import io.nostale.load.product.GatewayProcess;
import io.nostale.load.report.StepResult;
import io.nostale.load.report.WriterResult;
import io.nostale.load.workload.Changes;
import io.nostale.load.workload.FinalChange;
import io.nostale.load.workload.PacedWriter;
import io.nostale.load.workload.PagePlan;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * One step: open the step's new pages (writers paused) until every page is caught up; measure memory idle; the
 * fan-out phase; the mixed phase (memory under load at its end); at the storm step the reconnect storm. Each writing
 * phase ends with a final change that reaches every page and is then checked ("0 missed").
 */
final class StepRun {

    /** Seconds of a phase's start not counted in steady-state rates: writers and gateway settling. */
    private static final long SETTLE_MILLIS = 2_000;
    /** The storm's writers run this long before the kill, and this long after every page is back. */
    private static final Duration STORM_LEAD = Duration.ofSeconds(5);
    private static final Duration STORM_TAIL = Duration.ofSeconds(3);
    /** The most renames per second the fan-out asks for: one writer thread commits a few hundred a second. */
    private static final int MAX_FANOUT_RATE = 2_000;
    /** The longest wait for a phase's final change, however busy the gateway stays. */
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(30);

    /** What later steps inherit: the pages already open. */
    static final class Carry {
        int opened;
        int homeAndRooms;
        int clubPages;
        final Map<Long, FinalChange.RoomToReach> rooms = new LinkedHashMap<>();
    }

    /** A step that cannot go on, with the reason as its status. */
    private static final class StepFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepFailed(String message) {
            super(message, null, false, false);
        }
    }

    private final Context ctx;
    private final LoadOptions o;
    private final GatewayProcess gateway;
    private final Fleet fleet;
    private final Watch watch;
    private final CpuMeter cpu;
    private final Carry carry;
    private final long baselineHeap;
    private final long baselineRss;
    private final Map<String, Map<String, Long>> cpuByPhase = new LinkedHashMap<>();
    private int pages;
    private Long idleHeap;
    private Long idleRss;
    private Long loadedHeap;
    private Long loadedRss;
    private int heldIdle;
    private int heldLoaded;

    StepRun(Context ctx, GatewayProcess gateway, Fleet fleet, Watch watch, CpuMeter cpu, Carry carry, long baselineHeap,
            long baselineRss) {
        this.ctx = ctx;
        this.o = ctx.options();
        this.gateway = gateway;
        this.fleet = fleet;
        this.watch = watch;
        this.cpu = cpu;
        this.carry = carry;
        this.baselineHeap = baselineHeap;
        this.baselineRss = baselineRss;
    }

    StepResult run(int stepPages) {
        this.pages = stepPages;
        Map<String, Long> eventsBefore = ctx.events().snapshot();
        String status = "ok";
        String phase = "opening";
        StepResult.Open open = null;
        StepResult.Fanout fanout = null;
        StepResult.Mixed mixed = null;
        StepResult.Storm storm = null;
        int sockets = 0;
        Long subscriptions = null;
        try {
            open = open();
            sockets = fleet.sockets();
            OptionalLong gatewayCount = gateway.openConnections();
            subscriptions = gatewayCount.isPresent() ? gatewayCount.getAsLong() : null;
            phase = "idle memory";
            measureIdle();
            phase = "fan-out";
            fanout = fanout();
            phase = "mixed";
            mixed = mixed();
            if (o.stormAt(stepPages)) {
                phase = "reconnect storm";
                storm = storm();
                if (storm.pagesNotCaughtUp() > 0) {
                    status = "reconnect storm: " + storm.pagesNotCaughtUp() + " of " + pages + " pages not caught up"
                            + " within " + o.stormSeconds() + " s of the kill";
                }
            }
        } catch (Watch.GatewayDied e) {
            sockets = Math.max(sockets, fleet.sockets());
            status = "gateway died during " + phase + " (" + fleet.live() + " of " + fleet.pages() + " pages live, "
                    + fleet.sockets() + " sockets held): " + e.getMessage();
        } catch (StepFailed e) {
            status = e.getMessage();
        } catch (SQLException | RuntimeException e) {
            status = "driver failed during " + phase + ": " + e;
            e.printStackTrace();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = "interrupted during " + phase;
        }
        StepResult.Memory memory = new StepResult.Memory(baselineHeap, baselineRss, idleHeap, idleRss,
                perSocket(idleHeap, baselineHeap, heldIdle), perSocket(idleRss, baselineRss, heldIdle), loadedHeap, loadedRss,
                perSocket(loadedHeap, baselineHeap, heldLoaded), perSocket(loadedRss, baselineRss, heldLoaded));
        return new StepResult(gateway.build().label(), stepPages, status, sockets, subscriptions, open, memory, fanout,
                mixed, storm, Events.since(eventsBefore, ctx.events().snapshot()), cpuByPhase);
    }

    private StepResult.Open open() throws SQLException, InterruptedException {
        Map<String, Long> before = ctx.events().snapshot();
        CpuMeter.Sample c0 = cpu.sample();
        fleet.beginPhase(ctx.log().nextId());
        int newPages = pages - carry.opened;
        Say.line("step " + pages + ": opening " + newPages + " pages (users " + ctx.plan().activeUsers(carry.opened) + " to "
                + ctx.plan().activeUsers(pages) + "), at most " + o.openConcurrency() + " at a time");
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(o.catchUpTimeout()).toNanos();
        for (int from = carry.opened; from < pages; from += o.timepointBatch()) {
            List<PagePlan.PageSpec> batch = new ArrayList<>();
            for (int i = from; i < Math.min(pages, from + o.timepointBatch()); i++) {
                batch.add(ctx.plan().page(i));
            }
            if (!fleet.reserve(batch.size(), () -> watch.gatewayOk() && System.nanoTime() - deadline < 0)) {
                watch.checkGateway();
                throw new StepFailed("opening stalled: " + fleet.opening() + " pages still connecting after "
                        + o.catchUpTimeout() + " s; " + progress());
            }
            List<Opener.Ticket> tickets = ctx.opener().prepare(batch);
            fleet.open(tickets);
            batch.forEach(this::account);
            carry.opened = from + batch.size();
        }
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        boolean all = until(left, () -> fleet.live() == fleet.pages() && fleet.opening() == 0);
        double seconds = (System.nanoTime() - start) / 1e9;
        PhaseStats stats = fleet.stats();
        cpuByPhase.put("opening", cpu.between(c0, cpu.sample()).percentOfOneCore());
        StepResult.Open open = new StepResult.Open(newPages, round(seconds), LatencySummary.of(stats.catchUpMicros()),
                Events.since(before, ctx.events().snapshot()));
        if (!all) {
            throw new StepFailed("not all pages caught up within " + o.catchUpTimeout() + " s: " + progress());
        }
        Say.line(String.format("step %d: all %d pages caught up in %.1f s (connect → caught-up %s); %d sockets held",
                pages, fleet.pages(), seconds, open.connectToCaughtUp(), fleet.sockets()));
        return open;
    }

    private void account(PagePlan.PageSpec spec) {
        if (spec.view().kind() == PageKind.ROOM) {
            carry.rooms.putIfAbsent(spec.view().roomId(), new FinalChange.RoomToReach(spec.view().roomId(), spec.view().userId()));
            if (spec.view().roomId() == ctx.world().clubOf(spec.user())) {
                carry.clubPages++;
            }
        } else {
            carry.homeAndRooms++;
        }
    }

    private void measureIdle() {
        long pid = gateway.pid().orElseThrow(() -> new Watch.GatewayDied("gateway not running"));
        heldIdle = fleet.sockets();
        idleHeap = boxed(Jvm.heapAfterFullGc(pid));
        idleRss = boxed(Jvm.rssBytes(pid));
        watch.checkGateway();
        Say.line(String.format("step %d idle: gateway heap after full GC %s, RSS %s: %s / %s KiB per socket over the baseline",
                pages, BuildRun.mib(idleHeap), BuildRun.mib(idleRss), fmt(perSocket(idleHeap, baselineHeap, heldIdle)),
                fmt(perSocket(idleRss, baselineRss, heldIdle))));
    }

    private StepResult.Fanout fanout() throws SQLException {
        Map<String, Long> before = ctx.events().snapshot();
        CpuMeter.Sample c0 = cpu.sample();
        int first = ctx.log().nextId();
        fleet.beginPhase(first);
        double rate = Math.max(1, Math.min(MAX_FANOUT_RATE, (double) o.fanoutFrames() / Math.max(1, carry.homeAndRooms)));
        // One thread per 100 renames/s: a commit with fsync takes milliseconds on a busy machine. At most one thread
        // per club, so that no two threads ever rename the same row.
        int threads = (int) Math.max(1, Math.min(Math.min(o.writers(), ctx.world().clubs()), Math.ceil(rate / 100)));
        double reach = carry.homeAndRooms + (double) carry.clubPages / ctx.world().clubs();
        Say.line(String.format("step %d fan-out: %.1f renames/s for %d s, each reaching about %.0f pages", pages, rate,
                o.fanoutSeconds(), reach));
        PacedWriter writer = new PacedWriter("public renames", ctx.db(), threads, rate,
                Changes.publicChanges(ctx.world(), ctx.log()), ctx.threads().factory("fanout-writer"));
        writer.start();
        PacedWriter.Stats stats;
        try {
            watch.pace(Duration.ofSeconds(o.fanoutSeconds()));
        } finally {
            fleet.endMeasurement(ctx.log().nextId());
            stats = writer.awaitStopped();
        }
        long stopped = System.nanoTime();
        long stopMillis = (stopped - fleet.phaseStartNanos()) / 1_000_000;
        double drain = finalChange(stopped);
        PhaseStats phase = fleet.stats();
        CheckReport check = fleet.check(new PhaseCheck(ctx.log(), first, ctx.log().nextId()));
        cpuByPhase.put("fan-out", cpu.between(c0, cpu.sample()).percentOfOneCore());
        StepResult.Fanout fanout = new StepResult.Fanout(WriterResult.of(stats), round(stats.achievedPerSecond() * reach),
                round(phase.steadyFramesPerSecond()), round(phase.framesPerSecond(SETTLE_MILLIS, stopMillis)),
                phase.peakFramesPerSecond(), phase.changeFrames(), LatencySummary.of(phase.latencyMicros()),
                capture(first), drain, check, Events.since(before, ctx.events().snapshot()));
        Say.line(String.format("step %d fan-out: %s; %,.0f frames/s received in steady state (%,.0f while writing, offered"
                + " %,.0f), commit → frame %s, commit → topic p99 %.1f ms; drained in %s s; check: %s", pages,
                fanout.writer(), fanout.framesPerSecond(), fanout.framesPerSecondWhileWriting(),
                fanout.offeredFramesPerSecond(), fanout.commitToFrame(), fanout.commitToTopic().p99(), fmt(drain),
                check.summary()));
        return fanout;
    }

    private StepResult.Mixed mixed() throws SQLException {
        Map<String, Long> before = ctx.events().snapshot();
        CpuMeter.Sample c0 = cpu.sample();
        int first = ctx.log().nextId();
        fleet.beginPhase(first);
        int active = ctx.plan().activeUsers(pages);
        Say.line(String.format("step %d mixed: %d private changes/s (over %d users) and %d public/s for %d s", pages,
                o.privateRate(), active, o.publicRate(), o.mixedSeconds()));
        PacedWriter privateWriter = new PacedWriter("private changes", ctx.db(), Math.min(o.writers(), active),
                o.privateRate(), Changes.privateChanges(ctx.world(), ctx.log(), ctx.markers(), active),
                ctx.threads().factory("private-writer"));
        PacedWriter publicWriter = new PacedWriter("public renames", ctx.db(), 1, o.publicRate(),
                Changes.publicChanges(ctx.world(), ctx.log()), ctx.threads().factory("public-writer"));
        privateWriter.start();
        publicWriter.start();
        PacedWriter.Stats privateStats;
        PacedWriter.Stats publicStats;
        long measuredMillis;
        try {
            watch.pace(Duration.ofSeconds(o.mixedSeconds()));
            fleet.endMeasurement(ctx.log().nextId());
            measuredMillis = (System.nanoTime() - fleet.phaseStartNanos()) / 1_000_000;
            // Memory under load: the writers keep going while the gateway is measured (its latency is not recorded).
            long pid = gateway.pid().orElseThrow(() -> new Watch.GatewayDied("gateway not running"));
            heldLoaded = fleet.sockets();
            loadedHeap = boxed(Jvm.heapAfterFullGc(pid));
            loadedRss = boxed(Jvm.rssBytes(pid));
            watch.checkGateway();
        } finally {
            fleet.endMeasurement(ctx.log().nextId());
            privateStats = privateWriter.awaitStopped();
            publicStats = publicWriter.awaitStopped();
        }
        finalChange(System.nanoTime());
        PhaseStats phase = fleet.stats();
        CheckReport check = fleet.check(new PhaseCheck(ctx.log(), first, ctx.log().nextId()));
        cpuByPhase.put("mixed", cpu.between(c0, cpu.sample()).percentOfOneCore());
        StepResult.Mixed mixed = new StepResult.Mixed(WriterResult.of(privateStats), WriterResult.of(publicStats),
                round(phase.framesPerSecond(SETTLE_MILLIS, measuredMillis)), phase.changeFrames(),
                LatencySummary.of(phase.latencyMicros()), capture(first), check,
                Events.since(before, ctx.events().snapshot()));
        Say.line(String.format("step %d mixed: %s; %s; commit → frame %s; commit → topic %s; loaded heap %s, RSS %s;"
                + " check: %s", pages, mixed.privateWriter(), mixed.publicWriter(), mixed.commitToFrame(),
                mixed.commitToTopic(), BuildRun.mib(loadedHeap), BuildRun.mib(loadedRss), check.summary()));
        return mixed;
    }

    private StepResult.Storm storm() throws SQLException {
        Map<String, Long> before = ctx.events().snapshot();
        CpuMeter.Sample c0 = cpu.sample();
        int first = ctx.log().nextId();
        fleet.beginPhase(first);
        int active = ctx.plan().activeUsers(pages);
        PacedWriter writer = new PacedWriter("private changes", ctx.db(), Math.min(o.writers(), active), o.privateRate(),
                Changes.privateChanges(ctx.world(), ctx.log(), ctx.markers(), active), ctx.threads().factory("storm-writer"));
        Say.line("step " + pages + " storm: " + o.privateRate() + " private changes/s; SIGKILL of the gateway in "
                + STORM_LEAD.toSeconds() + " s");
        writer.start();
        PacedWriter.Stats stats;
        long kill;
        double restart;
        boolean all;
        try {
            watch.pace(STORM_LEAD);
            kill = System.nanoTime();
            gateway.kill();
            gateway.restart();
            try {
                gateway.awaitReady();
            } catch (RuntimeException e) {
                throw new Watch.GatewayDied("it did not come back after the kill: " + e.getMessage());
            }
            restart = (System.nanoTime() - kill) / 1e9;
            Say.line(String.format("step %d storm: the new gateway was ready %.1f s after the kill; waiting for every page",
                    pages, restart));
            all = until(Duration.ofSeconds(o.stormSeconds()), () -> fleet.countCaughtUpSince(kill) == fleet.pages());
            if (all) {
                watch.pace(STORM_TAIL);
            }
        } finally {
            fleet.endMeasurement(ctx.log().nextId());
            stats = writer.awaitStopped();
        }
        long[] notYet = {0};
        Histogram back = fleet.caughtUpSince(kill, notYet);
        finalChange(System.nanoTime());
        PhaseStats phase = fleet.stats();
        CheckReport check = fleet.check(new PhaseCheck(ctx.log(), first, ctx.log().nextId()));
        cpuByPhase.put("storm", cpu.between(c0, cpu.sample()).percentOfOneCore());
        LatencySummary caughtUp = LatencySummary.of(back);
        StepResult.Storm storm = new StepResult.Storm(round(restart), caughtUp, back.getTotalCount(), notYet[0],
                notYet[0] == 0 ? round(back.getMaxValue() / 1e6) : null, WriterResult.of(stats),
                LatencySummary.of(phase.latencyMicros()), capture(first), check,
                Events.since(before, ctx.events().snapshot()));
        Say.line(String.format("step %d storm: kill → caught-up again p50 %.1f s, p99 %.1f s, max %.1f s, %d of %d pages;"
                + " %s; check: %s", pages, caughtUp.p50() / 1000, caughtUp.p99() / 1000, caughtUp.max() / 1000,
                back.getTotalCount(), back.getTotalCount() + notYet[0], storm.writer(), check.summary()));
        return storm;
    }

    /**
     * Commits the phase's final change and waits until it reached every page; seconds since {@code fromNanos}. A
     * gateway working through a backlog gets as long as it keeps delivering: the wait gives up only after
     * {@code finalChangeTimeout} seconds without a single change frame arriving (or after {@link #DRAIN_LIMIT}).
     */
    private double finalChange(long fromNanos) throws SQLException {
        FinalChange.commit(ctx.db(), ctx.log(), ctx.world(), new ArrayList<>(carry.rooms.values()),
                fleet::announceFinalChange);
        long quietLimit = Duration.ofSeconds(o.finalChangeTimeout()).toNanos();
        long[] lastProgress = {System.nanoTime(), fleet.changesReceived()};
        boolean all = until(DRAIN_LIMIT, () -> {
            if (fleet.fenced() >= fleet.pages()) {
                return true;
            }
            long received = fleet.changesReceived();
            long now = System.nanoTime();
            if (received != lastProgress[1]) {
                lastProgress[0] = now;
                lastProgress[1] = received;
            }
            return now - lastProgress[0] > quietLimit;
        }) && fleet.fenced() >= fleet.pages();
        double seconds = round((System.nanoTime() - fromNanos) / 1e9);
        if (!all) {
            Say.line("the final change reached " + fleet.fenced() + " of " + fleet.pages() + " pages; no change frame for "
                    + o.finalChangeTimeout() + " s: checking anyway (what did not arrive counts as missed)");
        }
        return seconds;
    }

    private LatencySummary capture(int first) {
        return LatencySummary.of(TopicTail.captureMicros(ctx.log(), first, ctx.log().nextId()));
    }

    /** Waits, saying every 10 s how far the pages are. */
    private boolean until(Duration limit, BooleanSupplier done) {
        long[] nextReport = {System.nanoTime() + 10_000_000_000L};
        return watch.until(limit, () -> {
            if (done.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - nextReport[0] > 0) {
                Say.line("  … " + progress());
                nextReport[0] = System.nanoTime() + 10_000_000_000L;
            }
            return false;
        });
    }

    private String progress() {
        return String.format("%d of %d pages live, %d sockets held, %d opening, %d reached by the final change; events %s",
                fleet.live(), fleet.pages(), fleet.sockets(), fleet.opening(), fleet.fenced(), ctx.events().snapshot());
    }

    private static Double perSocket(Long measured, long baseline, int sockets) {
        return measured == null || sockets <= 0 || baseline <= 0 ? null
                : round((measured - baseline) / 1024.0 / sockets);
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static String fmt(Double value) {
        return value == null || value.isNaN() ? "n/a" : String.format("%.2f", value);
    }
}
