package io.nostale.systemtest.history;

import io.nostale.wire.Timepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The guarantees (docs/guarantees.md) as checks on what every page visit saw. While the history runs, visits report
 * here what they applied
 * (counts) and what broke a rule on the spot (nothing twice, nothing backwards, resync reasons); after writes stop
 * and every visit caught up, {@link #checkConverged} compares each page with a fresh render (nothing missed).
 */
final class HistoryChecker {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> resyncs = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> faults = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Truncate> truncates = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<LiveClaim> liveClaims = new ConcurrentLinkedQueue<>();

    /**
     * How far a page's claim may lag the topic beyond {@code freshness}: the time a record takes from the relay's
     * acknowledgement through the gateway to the page, and the granularity of commit times (milliseconds).
     */
    static final long FRESHNESS_SLACK_MS = 2_000;

    /**
     * A page said {@code live} (caught up, lag within {@code freshness} by the page script's rule) at {@code atMillis}
     * (this machine's clock, which is the database's), having had everything of {@code stream} up to {@code offset}.
     */
    record LiveClaim(String visit, String stream, long offset, long atMillis, long freshness) {
    }

    /** The tables a home page shows (the gateway's HomePageFilter): a truncate of one of them must resync it. */
    static final Set<String> HOME_TABLES = Set.of("chat_room", "chat_room_member", "chat_room_join_request");

    /**
     * One {@code TRUNCATE} statement of the run: its transaction's 64-bit id and, per table, the offset of the first
     * truncate record the relay wrote for it (a relay killed later re-sends it at a later offset).
     */
    record Truncate(String statement, long xid, Map<String, Long> offsets) {

        /** Where a home page reaches it: the first record of a table it shows; -1 if it shows none of them. */
        long firstShownOffset() {
            return offsets.entrySet().stream().filter(e -> HOME_TABLES.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).min().orElse(-1);
        }
    }

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

    void claimedLive(LiveClaim claim) {
        liveClaims.add(claim);
    }

    /** True if any page claimed to be live on {@code stream}. */
    boolean anyLiveClaim(String stream) {
        return liveClaims.stream().anyMatch(c -> c.stream().equals(stream));
    }

    /**
     * (e) never live on stale data: whenever a page claimed to be live, every record of its stream committed more
     * than {@code freshness} (plus {@link #FRESHNESS_SLACK_MS}) before that moment had reached it. The records after
     * the page's offset are the ones it had not had; of those, re-sent duplicates do not count (the page had their
     * originals), so the oldest that matters is {@link TopicTimes#pendingMillis}.
     *
     * @param pendingMillis {@code pendingMillis[i]}: the oldest commit time of a new record at or after offset
     *        {@code first + i}
     */
    void checkFreshness(String stream, long first, long[] pendingMillis) {
        for (LiveClaim claim : liveClaims) {
            int next = (int) (claim.offset() + 1 - first);
            if (!claim.stream().equals(stream) || next < 0 || next >= pendingMillis.length) {
                continue;
            }
            count("live claims checked");
            long behind = claim.atMillis() - pendingMillis[next];
            if (behind > claim.freshness() + FRESHNESS_SLACK_MS) {
                violation(claim.visit(), "never live on stale data: the page claimed live while a record after offset "
                        + claim.offset() + ", committed " + behind + " ms before, had not reached it",
                        "freshness " + claim.freshness() + " ms; " + claim);
            }
        }
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

    void truncated(Truncate truncate) {
        truncates.add(truncate);
    }

    List<Truncate> truncates() {
        return List.copyOf(truncates);
    }

    /**
     * (c) for truncates, per render of the visit: a render read before a truncate of a table it shows (the truncate's
     * transaction not in its snapshot) that was sent anything at or past the truncate's record was told
     * {@code resync truncated} instead of going on; a render told {@code truncated} was read before such a truncate,
     * and for a table it shows. A {@code truncated} resync is honest, so it is no violation in itself.
     */
    void checkTruncates(Visit visit) {
        checkTruncates(visit.name(), visit.renders(), visit::recentFrames);
    }

    void checkTruncates(String visit, List<Visit.Render> renders, java.util.function.Supplier<String> recentFrames) {
        List<Truncate> all = truncates();
        if (all.isEmpty()) {
            return;
        }
        for (Visit.Render render : renders) {
            Timepoint timepoint = Timepoint.parse(render.timepoint());
            List<Truncate> unseen = all.stream()
                    .filter(t -> t.firstShownOffset() >= 0 && !timepoint.includes(t.xid())).toList();
            String which = visit + " render #" + render.generation();
            if (!unseen.isEmpty()) {
                count("renders read before a truncate of a table they show");
            }
            if ("truncated".equals(render.resync())) {
                count("renders told truncated");
                if (unseen.isEmpty()) {
                    violation(which, "fails honestly, and only then: told truncated although its snapshot reflects "
                            + "every truncate of a table it shows", render + "\ntruncates: " + all);
                }
                String detail = render.detail() == null ? "" : render.detail();
                all.stream().flatMap(truncate -> truncate.offsets().keySet().stream()).distinct()
                        .filter(table -> !HOME_TABLES.contains(table) && detail.contains("table " + table + " "))
                        .forEach(table -> violation(which, "a truncate of a table the page does not show (" + table
                                + ") disturbed it", render + "\ntruncates: " + all));
                continue;
            }
            for (Truncate truncate : unseen) {
                if (render.highestOffset() >= truncate.firstShownOffset()) {
                    violation(which, "fails honestly: went past a truncate of a table it shows (" + truncate.statement()
                            + ", record at offset " + truncate.firstShownOffset() + ") without resync truncated",
                            render + "\nrecent:\n" + recentFrames.get());
                }
            }
        }
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
