package io.nostale.load.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of processes and of the machine from {@code /proc}, in clock ticks (USER_HZ, 100 on Linux x86). */
public final class ProcCpu {

    public static final long TICKS_PER_SECOND = 100;

    private ProcCpu() {
    }

    /** user + system time of the process; with {@code children}, plus that of its exited, waited-for children. */
    public static long ticks(long pid, boolean children) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return ticks(stat, children);
        } catch (IOException e) {
            return 0; // gone
        }
    }

    /** Parses a {@code /proc/<pid>/stat} line; the command name in parentheses may contain spaces. */
    static long ticks(String stat, boolean children) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
        long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return children ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : own;
    }

    /** {busy, total} ticks of all CPUs since boot, from the first line of {@code /proc/stat}. */
    public static long[] machine() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            return machine(first);
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    static long[] machine(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {total - idle, total};
    }
}
