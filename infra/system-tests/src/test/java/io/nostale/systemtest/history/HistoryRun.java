package io.nostale.systemtest.history;

import static org.awaitility.Awaitility.await;

import io.nostale.systemtest.Db;
import io.nostale.systemtest.Db.User;
import io.nostale.systemtest.RenderedHome;
import io.nostale.systemtest.RendererSession;
import io.nostale.systemtest.SystemUnderTest;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One generated history on the real product: a world of users and rooms, writers, page visits that come and
 * reconnect, faults in the middle; then the final beacon write, every visit catching up with it, and the checks.
 */
final class HistoryRun {

    /** In the order a run with several injects them. */
    enum Fault {
        SLOW_CLIENT, TRUNCATE, RELAY_KILL, VISIBILITY_RACE, COMMIT_HELD_PAST_WINDOW, CAPTURE_FROZEN, GATEWAY_RESTART,
        POSTGRES_RESTART, KAFKA_RESTART, KAFKA_UNREACHABLE,
        /** On a stack of its own only ({@code SlotInvalidatedHistoryIT}): it lowers the server's keep size. */
        SLOT_INVALIDATED
    }

    record Settings(long seed, int users, int rooms, int visits, long changes, Duration writes, int writers) {

        /** CI scale, overridable: -Dhistory.seed, -Dhistory.visits, -Dhistory.changes, -Dhistory.users, ... */
        static Settings fromProperties(int visits, long changes, Duration writes) {
            long seed = Long.getLong("history.seed", System.nanoTime());
            int v = Integer.getInteger("history.visits", visits);
            long c = Long.getLong("history.changes", changes);
            return new Settings(seed, Integer.getInteger("history.users", Math.max(12, v / 6)),
                    Integer.getInteger("history.rooms", 60), v, c,
                    Duration.ofSeconds(Long.getLong("history.writeSeconds", Math.max(writes.toSeconds(), c / 500))),
                    Integer.getInteger("history.writers", 4));
        }
    }

    record Result(String report, List<String> violations, HistoryChecker checker) {
    }

    private final SystemUnderTest sut;
    private final Settings settings;
    private final Set<Fault> faults;
    private final HistoryChecker checker = new HistoryChecker();

    HistoryRun(SystemUnderTest sut, Settings settings, Set<Fault> faults) {
        this.sut = sut;
        this.settings = settings;
        this.faults = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
    }

    Result run() throws Exception {
        long started = System.nanoTime();
        System.out.println("history: seed " + settings.seed() + " (rerun with -Dhistory.seed=" + settings.seed() + "), "
                + settings + ", faults " + faults);
        Random random = new Random(settings.seed());
        World world = World.create(sut, settings.users(), settings.rooms(), random);
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(8, daemon("history-visit"));
        ExecutorService starters = Executors.newFixedThreadPool(4, daemon("history-start"));
        HttpClient http = HttpClient.newHttpClient();
        List<Visit> visits = java.util.Collections.synchronizedList(new ArrayList<>());
        HistoryGenerator generator = new HistoryGenerator(sut, world, checker);
        FaultInjector injector = new FaultInjector(sut, world, checker, generator, visits, settings.seed());
        long writeMillis = settings.writes().toMillis();
        try {
            generator.start(settings.writers(), settings.changes(), writeMillis, settings.seed());
            for (int i = 0; i < settings.visits(); i++) {
                User user = world.users().get(random.nextInt(world.users().size()));
                long at = (long) (0.7 * writeMillis * i / settings.visits());
                long visitSeed = random.nextLong();
                String name = "visit-" + i + "/user-" + user.id();
                starters.execute(() -> startVisit(name, user, at, started, visitSeed, http, timers, visits, injector));
            }
            Thread faulting = new Thread(() -> injector.inject(faults, writeMillis), "history-faults");
            faulting.start();
            await().atMost(Duration.ofMillis(writeMillis * 3 + 60_000)).pollInterval(Duration.ofMillis(200))
                    .until(generator::finished);
            long committed = generator.stopAndJoin();
            faulting.join();
            starters.shutdown();
            starters.awaitTermination(60, TimeUnit.SECONDS);
            injector.stopDropping();
            long finalVersion = world.renameBeacon(sut, "~beacon-final");
            long writesDone = System.nanoTime();
            awaitConvergence(visits, world.beacon(), finalVersion);
            long convergedMillis = (System.nanoTime() - writesDone) / 1_000_000;
            check(world, visits);
            checkFreshness();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("seed", settings.seed());
            figures.put("visits", visits.size());
            figures.put("users / rooms", settings.users() + " / " + settings.rooms());
            figures.put("row changes committed (generator)", committed);
            figures.put("faults injected", faults);
            figures.put("convergence after the final write (ms)", convergedMillis);
            figures.put("duration (s)", (System.nanoTime() - started) / 1_000_000_000.0);
            String report = checker.report(figures);
            System.out.println(report);
            return new Result(report, checker.violations(), checker);
        } finally {
            visits.forEach(Visit::stop);
            starters.shutdownNow();
            timers.shutdownNow();
        }
    }

    private void startVisit(String name, User user, long at, long runStart, long seed, HttpClient http,
            ScheduledExecutorService timers, List<Visit> visits, Visit.Chaos chaos) {
        long wait = at - (System.nanoTime() - runStart) / 1_000_000;
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            if (wait > 0) {
                Thread.sleep(wait); // arrival schedule of the visitors, not a condition
            }
            while (true) {
                try {
                    RendererSession session = RendererSession.login(sut.rendererUrl(), user.username(), Db.PASSWORD);
                    Visit visit = new Visit(name, user.id(), session, sut.rendererUrl(), http, timers, checker, chaos, seed);
                    visit.start();
                    visits.add(visit);
                    return;
                } catch (Exception | AssertionError e) {
                    // the renderer answers 500 while its database restarts; a visitor would press reload
                    if (System.nanoTime() > giveUp || e instanceof InterruptedException) {
                        throw e;
                    }
                    checker.count("visit start retries (renderer unavailable)");
                    Thread.sleep(500);
                }
            }
        } catch (Exception | AssertionError e) {
            checker.violation(name, "the visit could not log in and render", e.toString());
        }
    }

    private void awaitConvergence(List<Visit> visits, long beacon, long finalVersion) {
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> visits.stream().allMatch(v -> v.converged(beacon, finalVersion)));
        } catch (ConditionTimeoutException e) {
            for (Visit visit : List.copyOf(visits)) {
                if (!visit.converged(beacon, finalVersion)) {
                    checker.violation(visit.name(), "converges: did not show the final write (beacon version "
                            + finalVersion + ") within 90 s", visit.state() + "\nrecent:\n" + visit.recentFrames());
                }
            }
        }
    }

    private void check(World world, List<Visit> visits) throws Exception {
        Map<Long, RenderedHome> fresh = new HashMap<>();
        for (User user : world.users()) {
            fresh.put(user.id(), RendererSession.login(sut.rendererUrl(), user.username(), Db.PASSWORD).home());
        }
        for (Visit visit : List.copyOf(visits)) {
            RenderedHome page = fresh.get(visit.userId());
            checker.checkConverged(visit, HomePageModel.fromPage(visit.userId(), page.html()), page.rows());
            checker.checkTruncates(visit);
        }
    }

    /** Every live claim of the run against the topic's commit times ({@link HistoryChecker#checkFreshness}). */
    private void checkFreshness() throws Exception {
        String stream = TopicTimes.stream(sut);
        if (!checker.anyLiveClaim(stream)) {
            checker.violation("freshness", "never live on stale data: no page of the run ever claimed live", "");
            return;
        }
        TopicTimes times = TopicTimes.read(sut, stream);
        checker.add("duplicate records on the topic (re-sent by a relay after a crash)", times.duplicates());
        checker.checkFreshness(times.stream(), times.first(), times.pendingMillis());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
