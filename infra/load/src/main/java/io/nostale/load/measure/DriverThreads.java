package io.nostale.load.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Makes and tracks the driver's own threads, so that its CPU time can be told apart from that of the embedded Kafka
 * broker in the same JVM: live threads are read with ThreadMXBean, and each thread adds its CPU time when it ends.
 */
public final class DriverThreads {

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    private final LongAdder finishedNanos = new LongAdder();

    /** Counts an existing thread (the main thread) while it lives. */
    public void adopt(Thread thread) {
        live.add(thread);
    }

    public ThreadFactory factory(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(() -> {
                try {
                    task.run();
                } finally {
                    live.remove(Thread.currentThread());
                    finishedNanos.add(Math.max(0, mx.getCurrentThreadCpuTime()));
                }
            }, "load-" + prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            live.add(thread);
            return thread;
        };
    }

    public List<Thread> live() {
        return List.copyOf(live);
    }

    public LongAdder finishedNanos() {
        return finishedNanos;
    }
}
