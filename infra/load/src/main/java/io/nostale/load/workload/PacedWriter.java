package io.nostale.load.workload;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Commits at a fixed rate from a few threads, each with its own autocommit JDBC connection: thread {@code t} of
 * {@code T} runs its action at {@code start + (k*T + t) / rate}. A thread that falls behind does not skip: it
 * commits as fast as it can until it is back on schedule, like a fixed-rate outside load would. Waiting parks the
 * thread (never spins: the driver shares two cores with everything it measures).
 */
public final class PacedWriter {

    /** One thread's work: one statement (one commit) per call. */
    public interface Action {
        void run(Connection connection, long sequence) throws SQLException;
    }

    /** Makes thread {@code thread}'s action; {@code threads} is how many there are. */
    public interface Actions {
        Action forThread(int thread, int threads);
    }

    /**
     * What a writer achieved.
     *
     * @param maxLagMillis how far behind its schedule a thread got at worst
     */
    public record Stats(String name, double requestedPerSecond, long committed, long failed, double seconds,
                        double achievedPerSecond, double maxLagMillis, String firstError) {

        /** Within 2 % of the requested rate. */
        public boolean keptUp() {
            return achievedPerSecond >= 0.98 * requestedPerSecond;
        }

        public static Stats none(String name) {
            return new Stats(name, 0, 0, 0, 0, 0, 0, null);
        }
    }

    private final String name;
    private final Database db;
    private final int threads;
    private final double rate;
    private final Actions actions;
    private final ThreadFactory threadFactory;
    private final List<Thread> running = new ArrayList<>();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong maxLagNanos = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile boolean stopping;
    private long startNanos;
    private long stopNanos;

    public PacedWriter(String name, Database db, int threads, double ratePerSecond, Actions actions,
            ThreadFactory threadFactory) {
        if (threads < 1 || ratePerSecond <= 0) {
            throw new IllegalArgumentException("a writer needs threads and a positive rate");
        }
        this.name = name;
        this.db = db;
        this.threads = threads;
        this.rate = ratePerSecond;
        this.actions = actions;
        this.threadFactory = threadFactory;
    }

    public void start() {
        startNanos = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Action action = actions.forThread(t, threads);
            Thread worker = threadFactory.newThread(() -> work(thread, action));
            running.add(worker);
            worker.start();
        }
    }

    /** Asks the threads to stop after their current statement; see {@link #awaitStopped}. */
    public void stop() {
        if (!stopping) {
            stopNanos = System.nanoTime();
            stopping = true;
        }
    }

    public Stats awaitStopped() {
        stop();
        for (Thread thread : running) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double seconds = (stopNanos - startNanos) / 1e9;
        return new Stats(name, rate, committed.get(), failed.get(), seconds, seconds > 0 ? committed.get() / seconds : 0,
                maxLagNanos.get() / 1e6, firstError.get());
    }

    private void work(int thread, Action action) {
        long interval = (long) (1e9 * threads / rate);
        long due = startNanos + (long) (1e9 * thread / rate);
        long sequence = 0;
        long worstLag = 0;
        Connection connection = null;
        try {
            while (!stopping) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                worstLag = Math.max(worstLag, -wait);
                try {
                    if (connection == null) {
                        connection = db.connect();
                        connection.setAutoCommit(true);
                    }
                    action.run(connection, sequence);
                    committed.incrementAndGet();
                } catch (SQLException | RuntimeException e) {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                    connection = closeIfBroken(connection);
                }
                sequence++;
                due += interval;
            }
        } finally {
            long lag = worstLag;
            maxLagNanos.accumulateAndGet(lag, Math::max);
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // closing anyway
                }
            }
        }
    }

    private static Connection closeIfBroken(Connection connection) {
        try {
            if (connection != null && !connection.isValid(2)) {
                connection.close();
                return null;
            }
        } catch (SQLException e) {
            return null;
        }
        return connection;
    }
}
