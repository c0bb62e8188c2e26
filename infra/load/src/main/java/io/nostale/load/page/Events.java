package io.nostale.load.page;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of what happened to connections, by name ({@code 4503 unavailable}, {@code 4409 resync slow-client},
 * {@code connect failed: ConnectException}, ...). Rare events only: a map lookup per event is fine.
 */
public final class Events {

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void count(String event) {
        counts.computeIfAbsent(event, e -> new LongAdder()).increment();
    }

    /** Everything counted so far, sorted by name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((event, n) -> copy.put(event, n.sum()));
        return copy;
    }

    /** What was counted between two snapshots. */
    public static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> diff = new TreeMap<>();
        after.forEach((event, n) -> {
            long d = n - before.getOrDefault(event, 0L);
            if (d != 0) {
                diff.put(event, d);
            }
        });
        return diff;
    }
}
