package io.nostale.load.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Looks into another JVM with {@code jcmd}, and into any process through {@code /proc}. */
public final class Jvm {

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+)\\s+kB");
    private static final long JCMD_LIMIT_SECONDS = 90;

    private Jvm() {
    }

    /**
     * Runs a full GC in the JVM ({@code jcmd <pid> GC.run}), then reads the heap in use
     * ({@code jcmd <pid> GC.heap_info}): what its live objects take. Empty when the JVM did not answer in time.
     */
    public static OptionalLong heapAfterFullGc(long pid) {
        if (jcmd(pid, "GC.run") == null) {
            return OptionalLong.empty();
        }
        String info = jcmd(pid, "GC.heap_info");
        return info == null ? OptionalLong.empty() : heapUsed(info);
    }

    /** The bytes in use of the first heap line of a {@code GC.heap_info} answer. */
    public static OptionalLong heapUsed(String heapInfo) {
        Matcher used = HEAP_USED.matcher(heapInfo);
        return used.find() ? OptionalLong.of(Long.parseLong(used.group(1)) * 1024) : OptionalLong.empty();
    }

    /** Resident set size from {@code /proc/<pid>/status}. */
    public static OptionalLong rssBytes(long pid) {
        try {
            Matcher rss = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            return rss.find() ? OptionalLong.of(Long.parseLong(rss.group(1)) * 1024) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                    .redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(JCMD_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? new String(output, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
