package io.nostale.embedded.demo;

import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "other visitors" of the demo: one background thread that makes a plausible change every
 * {@link Pace#min()}..{@link Pace#max()} and logs one line per change. Failures never stop it: a conflict skips
 * the change, an unreachable database is logged once and retried at the same pace until it answers again.
 * {@link #close()} stops it within one step.
 */
public final class DemoVisitors implements AutoCloseable {

    /** The person trying the product: the visitors never act as them, and often change what they see. */
    public static final String PERSON = "alice";

    private static final Logger log = LoggerFactory.getLogger(DemoVisitors.class);
    private static final long STOP_TIMEOUT_SECONDS = 20;
    /** A new member stays at least this many pace intervals: nobody leaves right after joining. */
    static final int SETTLE_STEPS = 30;

    private final Pace pace;
    private final Random random;
    private final VisitorSession session;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    // touched only by the scheduler thread
    private boolean reportedUnavailable;

    private DemoVisitors(DatabaseLogin login, Pace pace, Random random) {
        this.pace = pace;
        this.random = random;
        this.session = new VisitorSession(login, PERSON, random, pace.max().multipliedBy(SETTLE_STEPS));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-visitors");
            t.setDaemon(true); // never what keeps a JVM alive; the launcher closes us before the stack anyway
            return t;
        });
    }

    /** Starts making changes; the first one comes after one pace interval. */
    public static DemoVisitors start(DatabaseLogin login, Pace pace) {
        return start(login, pace, new Random());
    }

    static DemoVisitors start(DatabaseLogin login, Pace pace, Random random) {
        DemoVisitors visitors = new DemoVisitors(login, pace, random);
        log.info("other visitors are on: a change every {}, as bob, carol, {} or any other user but {} ({})", pace,
                String.join(", ", DemoWrites.EXTRA_VISITORS.stream().map(DemoWrites.Visitor::username).toList()),
                PERSON, login);
        visitors.scheduleNext();
        return visitors;
    }

    /** Changes committed so far. */
    long applied() {
        return applied.get();
    }

    /** Steps that found the database unreachable so far. */
    long unavailable() {
        return unavailable.get();
    }

    /** Stops after the step in progress (if any) and closes the connection. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("other visitors: a step did not finish within {} s; leaving it", STOP_TIMEOUT_SECONDS);
                return; // its thread is a daemon and still owns the connection
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close();
        log.info("other visitors stopped after {} changes", applied.get());
    }

    private void runStep() {
        try {
            report(session.step());
        } catch (RuntimeException e) {
            log.error("other visitors: a step failed unexpectedly; continuing", e);
        }
        scheduleNext();
    }

    private void scheduleNext() {
        try {
            scheduler.schedule(this::runStep, pace.next(random).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing: no next step
        }
    }

    private void report(Step step) {
        if (step instanceof Step.Unavailable down) {
            unavailable.incrementAndGet();
            if (!reportedUnavailable) {
                log.warn("other visitors: the database is unavailable ({}); retrying every {}", down.reason(), pace);
                reportedUnavailable = true;
            } else {
                log.debug("other visitors: still unavailable: {}", down.reason());
            }
            return;
        }
        if (reportedUnavailable) {
            log.info("other visitors: the database answers again; continuing");
            reportedUnavailable = false;
        }
        if (step instanceof Step.Applied done) {
            applied.incrementAndGet();
            log.info("{}", done.description());
        } else if (step instanceof Step.Skipped skipped) {
            log.info("not done, someone changed these rows first: {}", skipped.description());
        } else if (step instanceof Step.Conflict conflict) {
            log.warn("other visitors: conflict, rolled back and continuing: {}: {}", conflict.description(),
                    conflict.reason());
        } else {
            log.debug("other visitors: nothing to do in this world");
        }
    }
}
