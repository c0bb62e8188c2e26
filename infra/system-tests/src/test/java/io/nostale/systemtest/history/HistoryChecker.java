package io.nostale.systemtest.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * SPEC §1 as checks on what every page visit saw. While the history runs, visits report here what they applied
 * (counts) and what broke a rule on the spot (nothing twice, nothing backwards, resync reasons); after writes stop
 * and every visit caught up, {@link #checkConverged} compares each page with a fresh render (nothing missed).
 */
final class HistoryChecker {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> resyncs = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> faults = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

    void count(String what) {
        counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    void add(String what, long n) {
        counts.computeIfAbsent(what, k -> new AtomicLong()).addAndGet(n);
    }

    long count0(String what) {
        AtomicLong n = counts.get(what);
        return n == null ? 0 : n.get();
    }

    void resync(String reason) {
        resyncs.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
    }

    long resyncs(String reason) {
        AtomicLong n = resyncs.get(reason);
        return n == null ? 0 : n.get();
    }

    long faults(String name) {
        AtomicLong n = faults.get(name);
        return n == null ? 0 : n.get();
    }

    void fault(String name) {
        faults.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    /** One broken rule, with the frames (and page state) that show it. */
    void violation(String visit, String rule, String evidence) {
        violations.add("[" + visit + "] " + rule + "\n    " + evidence.replace("\n", "\n    "));
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    /**
     * (a) nothing missed, and (c) the page after every resync is correct: the rows a visit's model shows now
     * (its last page, after any number of resyncs) equal a fresh render for its user.
     */
    void checkConverged(Visit visit, HomePageModel fresh, List<io.nostale.systemtest.RenderedHome.Row> freshDomRows) {
        List<HomePageModel.Row> shown = visit.rows();
        if (!shown.equals(fresh.rows())) {
            violation(visit.name(), "nothing missed: page differs from a fresh render after writes stopped",
                    "page rows:   " + shown + "\nfresh rows:  " + fresh.rows() + "\npage model:  " + visit.modelText()
                            + "\nfresh model: " + fresh + "\nlast frames of the page:\n" + visit.recentFrames());
        }
        List<String> domOrder = freshDomRows.stream().map(r -> r.roomId() + " " + r.status()).toList();
        List<String> modelOrder = fresh.rows().stream().map(r -> r.roomId() + " " + r.status()).toList();
        if (!domOrder.equals(modelOrder)) {
            violation(visit.name(), "mirror: the fresh render's DOM rows differ from rows() of its own #nostale-model",
                    "DOM:   " + domOrder + "\nmodel: " + modelOrder);
        }
        count("pages checked");
    }

    String report(Map<String, Object> figures) {
        StringBuilder out = new StringBuilder("history report\n");
        figures.forEach((k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
        new TreeMap<>(counts).forEach((k, v) -> out.append("  ").append(k).append(": ").append(v.get()).append('\n'));
        out.append("  resyncs by reason: ").append(sorted(resyncs)).append('\n');
        out.append("  faults: ").append(sorted(faults)).append('\n');
        List<String> all = new ArrayList<>(violations);
        out.append("  violations: ").append(all.size()).append('\n');
        all.forEach(v -> out.append("  VIOLATION ").append(v).append('\n'));
        return out.toString();
    }

    private static String sorted(Map<String, AtomicLong> map) {
        return new TreeMap<>(map).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().get())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
