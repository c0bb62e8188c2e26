package io.nostale.systemtest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The latency benchmark's figures: each run's percentiles of every path, measured on the same commits, and the
 * medians over the runs. A ratio's median is the median of the runs' ratios: each run's ratio compares two paths
 * under the same load, which a ratio of two medians (possibly from different runs) would not.
 */
final class LatencyReport {

    /** One run, in milliseconds; the candidate's fields are NaN when no candidate relay runs. */
    record Run(String load, int commits, double page50, double page99, double topic50, double topic99, double floor50,
               double floor99, double candidate50, double candidate99, double relayCpu, double candidateCpu,
               double catchUp) {

        Run withCatchUp(double millis) {
            return new Run(load, commits, page50, page99, topic50, topic99, floor50, floor99, candidate50, candidate99,
                    relayCpu, candidateCpu, millis);
        }

        double pageToFloor50() {
            return page50 / floor50;
        }

        double pageToFloor99() {
            return page99 / floor99;
        }

        double topicToFloor50() {
            return topic50 / floor50;
        }

        double topicToFloor99() {
            return topic99 / floor99;
        }

        double candidateToTopic50() {
            return candidate50 / topic50;
        }

        double candidateToTopic99() {
            return candidate99 / topic99;
        }
    }

    private static final String HEADER = "| run | load (1 min) | commit → page p50 | p99 | commit → topic p50 | p99 "
            + "| floor p50 | p99 | page / floor p50 | p99 | topic / floor p50 | p99 | catch-up of %d |";
    private static final String CANDIDATE_HEADER = "| run | product relay p50 | p99 | candidate relay p50 | p99 "
            + "| candidate / product p50 | p99 | product relay CPU | candidate CPU |";

    private final List<Run> runs = new ArrayList<>();
    private final boolean withCandidate;
    private final int missed;

    LatencyReport(boolean withCandidate, int missed) {
        this.withCandidate = withCandidate;
        this.missed = missed;
    }

    /** A warm-up run: printed, so that the reader sees the product settle, but left out of the medians. */
    void warmUp(int number, Run run) {
        printRun("warm-up " + number, run);
    }

    void add(Run run) {
        runs.add(run);
        printRun("run " + runs.size(), run);
    }

    private void printRun(String name, Run run) {
        System.out.printf(Locale.ROOT, "%s (load %s, %d commits, each arrived on every path): commit->page p50 "
                        + "%.1f p99 %.1f ms | commit->topic p50 %.1f p99 %.1f ms | floor p50 %.1f p99 %.1f ms | "
                        + "page/floor %.1fx %.1fx | topic/floor %.1fx %.1fx | catch-up of %d: %.0f ms%s%n", name,
                run.load(), run.commits(), run.page50(), run.page99(), run.topic50(), run.topic99(), run.floor50(),
                run.floor99(), run.pageToFloor50(), run.pageToFloor99(), run.topicToFloor50(), run.topicToFloor99(),
                missed, run.catchUp(), withCandidate
                        ? String.format(Locale.ROOT, " | candidate relay p50 %.1f p99 %.1f ms (%.2fx %.2fx of the "
                                + "product's) | CPU per 1,000 changes: product relay %.0f ms, candidate %.0f ms",
                        run.candidate50(), run.candidate99(), run.candidateToTopic50(), run.candidateToTopic99(),
                        run.relayCpu(), run.candidateCpu())
                        : "");
    }

    /** The summary line and the tables (Markdown, as docs/benchmarks.md shows them). */
    void print(int rate) {
        System.out.printf(Locale.ROOT, "SUMMARY (median of %d runs) at %d changes/s: commit->page p50 %.1f ms, p99 %.1f "
                        + "ms; commit->topic p50 %.1f ms, p99 %.1f ms; floor p50 %.1f ms, p99 %.1f ms; page/floor %.1fx, "
                        + "%.1fx; topic/floor %.1fx, %.1fx; catch-up of %d missed changes %.0f ms%n", runs.size(), rate,
                median(Run::page50), median(Run::page99), median(Run::topic50), median(Run::topic99),
                median(Run::floor50), median(Run::floor99), median(Run::pageToFloor50), median(Run::pageToFloor99),
                median(Run::topicToFloor50), median(Run::topicToFloor99), missed, median(Run::catchUp));
        System.out.println();
        System.out.printf(HEADER + "%n", missed);
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int r = 0; r < runs.size(); r++) {
            Run run = runs.get(r);
            System.out.println(row(Integer.toString(r + 1), run.load(), run.page50(), run.page99(), run.topic50(),
                    run.topic99(), run.floor50(), run.floor99(), run.pageToFloor50(), run.pageToFloor99(),
                    run.topicToFloor50(), run.topicToFloor99(), run.catchUp()));
        }
        System.out.println(row("**median**", "", median(Run::page50), median(Run::page99), median(Run::topic50),
                median(Run::topic99), median(Run::floor50), median(Run::floor99), median(Run::pageToFloor50),
                median(Run::pageToFloor99), median(Run::topicToFloor50), median(Run::topicToFloor99),
                median(Run::catchUp)));
        if (withCandidate) {
            System.out.println();
            System.out.println(CANDIDATE_HEADER);
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (int r = 0; r < runs.size(); r++) {
                Run run = runs.get(r);
                System.out.println(candidateRow(Integer.toString(r + 1), run.topic50(), run.topic99(),
                        run.candidate50(), run.candidate99(), run.candidateToTopic50(), run.candidateToTopic99(),
                        run.relayCpu(), run.candidateCpu()));
            }
            System.out.println(candidateRow("**median**", median(Run::topic50), median(Run::topic99),
                    median(Run::candidate50), median(Run::candidate99), median(Run::candidateToTopic50),
                    median(Run::candidateToTopic99), median(Run::relayCpu), median(Run::candidateCpu)));
        }
    }

    private static String row(String name, String load, double page50, double page99, double topic50, double topic99,
                              double floor50, double floor99, double pf50, double pf99, double tf50, double tf99,
                              double catchUp) {
        return String.format(Locale.ROOT, "| %s | %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f× "
                        + "| %.1f× | %.1f× | %.1f× | %.0f ms |", name, load, page50, page99, topic50, topic99, floor50,
                floor99, pf50, pf99, tf50, tf99, catchUp);
    }

    private static String candidateRow(String name, double topic50, double topic99, double candidate50,
                                       double candidate99, double ratio50, double ratio99, double relayCpu,
                                       double candidateCpu) {
        return String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.2f× | %.2f× "
                        + "| %.0f ms per 1,000 changes | %.0f ms |", name, topic50, topic99, candidate50, candidate99,
                ratio50, ratio99, relayCpu, candidateCpu);
    }

    private double median(ToDoubleFunction<Run> metric) {
        List<Double> sorted = new ArrayList<>(runs.stream().map(metric::applyAsDouble).toList());
        Collections.sort(sorted);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The value below which {@code p} of the sorted values lie (nearest rank). */
    static double percentile(List<Double> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN
                : sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
