package io.nostale.load.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "0 missed" result of one phase: totals per page kind, and the first few problems spelled out.
 *
 * @param changes  the driver's commits in the phase (rows; the final change included)
 * @param byKind   totals per page kind ({@code home}, {@code rooms}, {@code room})
 * @param examples up to {@link #MAX_EXAMPLES} problems, one line each
 */
public record CheckReport(int changes, Map<String, KindTotals> byKind, List<String> examples) {

    public static final int MAX_EXAMPLES = 10;

    public static CheckReport empty(int changes) {
        return new CheckReport(changes, Map.of(), List.of());
    }

    public KindTotals total() {
        KindTotals all = KindTotals.empty("all");
        for (KindTotals totals : byKind.values()) {
            all = all.plus(totals);
        }
        return all;
    }

    public boolean clean() {
        return total().clean() && total().notFenced() == 0;
    }

    /** Merges the reports of two groups of pages of the same phase. */
    public CheckReport merge(CheckReport other) {
        Map<String, KindTotals> merged = new LinkedHashMap<>();
        for (PageKind kind : PageKind.values()) {
            KindTotals a = byKind.get(kind.label());
            KindTotals b = other.byKind.get(kind.label());
            if (a != null || b != null) {
                merged.put(kind.label(), a == null ? b : b == null ? a : a.plus(b));
            }
        }
        List<String> both = new ArrayList<>(examples);
        for (String example : other.examples) {
            if (both.size() < MAX_EXAMPLES) {
                both.add(example);
            }
        }
        return new CheckReport(Math.max(changes, other.changes), merged, List.copyOf(both));
    }

    /** {@code 0 missed} or the list of what went wrong, for the table. */
    public String summary() {
        KindTotals t = total();
        if (t.pages() == 0) {
            return "no pages";
        }
        if (clean()) {
            return "0 missed (" + t.delivered() + " delivered)";
        }
        return t.missed() + " missed, " + t.twice() + " twice, " + t.outOfOrder() + " out of order, " + t.unexpected()
                + " unexpected, " + t.late() + " late, " + t.notFenced() + " pages without the final change";
    }
}
