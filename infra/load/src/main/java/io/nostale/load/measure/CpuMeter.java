package io.nostale.load.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Who used the two cores during a phase: the driver's own threads, the rest of its JVM (the embedded Kafka broker),
 * the gateway, the relay, the renderer, PostgreSQL, and whatever else ran on the machine.
 */
public final class CpuMeter {

    /**
     * A process to watch; its pid may change (a gateway restarted) or be absent. With {@code tree}, its children count
     * too: live ones by their own time, exited ones through the parent's children time (PostgreSQL's backends).
     */
    public record Watched(String name, Supplier<OptionalLong> pid, boolean tree) {
    }

    /** CPU seconds per component over a phase, and the phase's wall time. */
    public record Split(double wallSeconds, Map<String, Double> cpuSeconds) {

        /** Share of one core, in percent, per component. */
        public Map<String, Long> percentOfOneCore() {
            Map<String, Long> shares = new LinkedHashMap<>();
            cpuSeconds.forEach((name, seconds) -> shares.put(name, wallSeconds > 0 ? Math.round(100 * seconds / wallSeconds) : 0));
            return shares;
        }
    }

    /** A reading; the difference of two is a {@link Split}. */
    public record Sample(long nanos, Map<String, Long> ticks, long driverThreadNanos, long selfTicks, long machineBusy) {
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Supplier<List<Thread>> driverThreads;
    private final LongAdder finishedThreadNanos;
    private final List<Watched> watched;

    /**
     * @param driverThreads        the driver's live threads (reactors, writers, opener, main)
     * @param finishedThreadNanos  CPU of driver threads that ended, added by each as it ends
     * @param watched              other processes
     */
    public CpuMeter(Supplier<List<Thread>> driverThreads, LongAdder finishedThreadNanos, List<Watched> watched) {
        this.driverThreads = driverThreads;
        this.finishedThreadNanos = finishedThreadNanos;
        this.watched = watched;
    }

    public Sample sample() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (Watched w : watched) {
            OptionalLong pid = w.pid().get();
            ticks.put(w.name() + "@" + (pid.isPresent() ? pid.getAsLong() : -1),
                    pid.isPresent() ? ticks(pid.getAsLong(), w.tree()) : 0L);
        }
        long driver = finishedThreadNanos.sum();
        for (Thread thread : driverThreads.get()) {
            long cpu = threads.getThreadCpuTime(thread.getId());
            driver += Math.max(0, cpu);
        }
        return new Sample(System.nanoTime(), ticks, driver, ProcCpu.ticks(ProcessHandle.current().pid(), false),
                ProcCpu.machine()[0]);
    }

    private static long ticks(long pid, boolean tree) {
        long ticks = ProcCpu.ticks(pid, tree);
        if (tree) {
            ticks += ProcessHandle.of(pid).stream().flatMap(ProcessHandle::children)
                    .mapToLong(child -> ProcCpu.ticks(child.pid(), false)).sum();
        }
        return ticks;
    }

    /** CPU seconds between two samples. A process restarted in between counts from its new start. */
    public Split between(Sample from, Sample to) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        double driver = (to.driverThreadNanos() - from.driverThreadNanos()) / 1e9;
        double self = (to.selfTicks() - from.selfTicks()) / (double) ProcCpu.TICKS_PER_SECOND;
        seconds.put("driver", driver);
        seconds.put("driver JVM other (Kafka broker, GC)", Math.max(0, self - driver));
        double ours = self;
        for (Watched w : watched) {
            double total = 0;
            for (Map.Entry<String, Long> entry : to.ticks().entrySet()) {
                if (entry.getKey().startsWith(w.name() + "@")) {
                    long before = from.ticks().getOrDefault(entry.getKey(), 0L);
                    total += (entry.getValue() - before) / (double) ProcCpu.TICKS_PER_SECOND;
                }
            }
            seconds.put(w.name(), Math.max(0, total));
            ours += Math.max(0, total);
        }
        double machine = (to.machineBusy() - from.machineBusy()) / (double) ProcCpu.TICKS_PER_SECOND;
        seconds.put("other processes on the machine", Math.max(0, machine - ours));
        return new Split((to.nanos() - from.nanos()) / 1e9, seconds);
    }
}
