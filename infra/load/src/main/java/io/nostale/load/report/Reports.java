package io.nostale.load.report;

import io.nostale.load.check.CheckReport;
import io.nostale.load.measure.LatencySummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes results: a JSON file per step (as soon as the step is over), a summary JSON, a CSV, and the stdout table. */
public final class Reports {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Reports() {
    }

    public static Path writeStep(Path dir, StepResult step) {
        Path file = dir.resolve(safe(step.build()) + "-step-" + step.pages() + ".json");
        write(file, JSON.writeValueAsString(step));
        return file;
    }

    public static void writeSummary(Path dir, List<BuildResult> builds) {
        write(dir.resolve("summary.json"), JSON.writeValueAsString(builds));
        StringBuilder csv = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (BuildResult build : builds) {
            for (StepResult step : build.steps()) {
                csv.append(String.join(",", csvRow(step))).append('\n');
            }
        }
        write(dir.resolve("steps.csv"), csv.toString());
    }

    private static final List<String> CSV_COLUMNS = List.of("build", "pages", "status", "sockets_held",
            "gateway_subscriptions", "open_seconds", "open_connect_to_caught_up_p99_ms", "idle_heap_kib_per_socket",
            "idle_rss_kib_per_socket", "loaded_heap_kib_per_socket", "loaded_rss_kib_per_socket", "fanout_renames_per_s",
            "fanout_offered_frames_per_s", "fanout_frames_per_s", "fanout_p50_ms", "fanout_p99_ms",
            "mixed_private_per_s", "mixed_public_per_s", "mixed_p50_ms", "mixed_p99_ms", "mixed_max_ms",
            "mixed_commit_to_topic_p50_ms", "mixed_commit_to_topic_p99_ms",
            "storm_caught_up_p50_s", "storm_caught_up_p99_s", "storm_caught_up_max_s", "storm_all_caught_up_s",
            "missed", "twice", "out_of_order", "unexpected");

    private static List<String> csvRow(StepResult s) {
        List<String> row = new ArrayList<>();
        row.add(s.build());
        row.add(Integer.toString(s.pages()));
        row.add('"' + s.status().replace("\"", "'") + '"');
        row.add(Integer.toString(s.socketsHeld()));
        row.add(s.gatewaySubscriptions() == null ? "" : s.gatewaySubscriptions().toString());
        row.add(s.open() == null ? "" : num(s.open().seconds()));
        row.add(s.open() == null ? "" : num(s.open().connectToCaughtUp().p99()));
        row.add(s.memory() == null ? "" : num(s.memory().idleHeapKibPerSocket()));
        row.add(s.memory() == null ? "" : num(s.memory().idleRssKibPerSocket()));
        row.add(s.memory() == null ? "" : num(s.memory().loadedHeapKibPerSocket()));
        row.add(s.memory() == null ? "" : num(s.memory().loadedRssKibPerSocket()));
        row.add(s.fanout() == null ? "" : num(s.fanout().writer().achievedPerSecond()));
        row.add(s.fanout() == null ? "" : num(s.fanout().offeredFramesPerSecond()));
        row.add(s.fanout() == null ? "" : num(s.fanout().framesPerSecond()));
        row.add(s.fanout() == null ? "" : num(s.fanout().commitToFrame().p50()));
        row.add(s.fanout() == null ? "" : num(s.fanout().commitToFrame().p99()));
        row.add(s.mixed() == null ? "" : num(s.mixed().privateWriter().achievedPerSecond()));
        row.add(s.mixed() == null ? "" : num(s.mixed().publicWriter().achievedPerSecond()));
        row.add(s.mixed() == null ? "" : num(s.mixed().commitToFrame().p50()));
        row.add(s.mixed() == null ? "" : num(s.mixed().commitToFrame().p99()));
        row.add(s.mixed() == null ? "" : num(s.mixed().commitToFrame().max()));
        row.add(s.mixed() == null ? "" : num(s.mixed().commitToTopic().p50()));
        row.add(s.mixed() == null ? "" : num(s.mixed().commitToTopic().p99()));
        row.add(s.storm() == null ? "" : num(s.storm().caughtUpAfterKill().p50() / 1000));
        row.add(s.storm() == null ? "" : num(s.storm().caughtUpAfterKill().p99() / 1000));
        row.add(s.storm() == null ? "" : num(s.storm().caughtUpAfterKill().max() / 1000));
        row.add(s.storm() == null ? "" : num(s.storm().allCaughtUpSeconds()));
        long[] problems = problems(s);
        for (long p : problems) {
            row.add(Long.toString(p));
        }
        return row;
    }

    /** Missed, twice, out of order, unexpected (+ late) summed over the step's checked phases. */
    static long[] problems(StepResult s) {
        long[] sum = new long[4];
        for (CheckReport check : checks(s)) {
            sum[0] += check.total().missed();
            sum[1] += check.total().twice();
            sum[2] += check.total().outOfOrder();
            sum[3] += check.total().unexpected() + check.total().late();
        }
        return sum;
    }

    static List<CheckReport> checks(StepResult s) {
        List<CheckReport> checks = new ArrayList<>();
        if (s.fanout() != null && s.fanout().check() != null) {
            checks.add(s.fanout().check());
        }
        if (s.mixed() != null && s.mixed().check() != null) {
            checks.add(s.mixed().check());
        }
        if (s.storm() != null && s.storm().check() != null) {
            checks.add(s.storm().check());
        }
        return checks;
    }

    /** The table printed at the end: one line per step, builds one after the other. */
    public static String table(List<BuildResult> builds) {
        StringBuilder out = new StringBuilder();
        String header = String.format("%-14s %6s %7s %7s | %8s %8s %8s %8s | %9s %9s %7s %7s | %7s %7s %8s %7s | %7s %7s %7s | %-9s %s",
                "build", "pages", "sockets", "open s", "heap/s i", "heap/s l", "RSS/s i", "RSS/s l", "fan-out", "frames/s",
                "fo p50", "fo p99", "mix p50", "mix p99", "mix max", "cap p99", "st p50", "st p99", "st all", "0 missed", "status");
        out.append(header).append('\n');
        out.append(String.format("%-14s %6s %7s %7s | %8s %8s %8s %8s | %9s %9s %7s %7s | %7s %7s %8s %7s | %7s %7s %7s |%n",
                "", "", "held", "", "KiB", "KiB", "KiB", "KiB", "offered", "received", "ms", "ms", "ms", "ms", "ms", "ms", "s", "s", "s"));
        for (BuildResult build : builds) {
            for (StepResult s : build.steps()) {
                String check = checks(s).isEmpty() ? "-" : checks(s).stream().allMatch(CheckReport::clean) ? "yes" : "NO";
                out.append(String.format(Locale.ROOT, "%-14s %6d %7d %7s | %8s %8s %8s %8s | %9s %9s %7s %7s | %7s %7s %8s %7s | %7s %7s %7s | %-9s %s%n",
                        shorten(s.build(), 14), s.pages(), s.socketsHeld(),
                        s.open() == null ? "-" : num(s.open().seconds()),
                        s.memory() == null ? "-" : num(s.memory().idleHeapKibPerSocket()),
                        s.memory() == null ? "-" : num(s.memory().loadedHeapKibPerSocket()),
                        s.memory() == null ? "-" : num(s.memory().idleRssKibPerSocket()),
                        s.memory() == null ? "-" : num(s.memory().loadedRssKibPerSocket()),
                        s.fanout() == null ? "-" : whole(s.fanout().offeredFramesPerSecond()),
                        s.fanout() == null ? "-" : whole(s.fanout().framesPerSecond()),
                        s.fanout() == null ? "-" : num(s.fanout().commitToFrame().p50()),
                        s.fanout() == null ? "-" : num(s.fanout().commitToFrame().p99()),
                        s.mixed() == null ? "-" : num(s.mixed().commitToFrame().p50()),
                        s.mixed() == null ? "-" : num(s.mixed().commitToFrame().p99()),
                        s.mixed() == null ? "-" : num(s.mixed().commitToFrame().max()),
                        s.mixed() == null ? "-" : num(s.mixed().commitToTopic().p99()),
                        s.storm() == null ? "-" : num(s.storm().caughtUpAfterKill().p50() / 1000),
                        s.storm() == null ? "-" : num(s.storm().caughtUpAfterKill().p99() / 1000),
                        s.storm() == null ? "-" : num(s.storm().allCaughtUpSeconds()),
                        check, s.status()));
            }
        }
        out.append("heap/s, RSS/s: gateway heap after a full GC and RSS, per held socket, over the baseline with no sockets;"
                + " i = idle, l = during the mixed phase.\n");
        out.append("fan-out: change frames/s offered (renames/s × pages reached) and received by the driver in steady state;"
                + " fo = its commit → frame latency. mix = mixed phase commit → frame; cap = its commit → topic (capture).\n"
                + "st = reconnect storm, kill → caught-up again. 0 missed = every checked phase exact for every page.\n");
        return out.toString();
    }

    static String num(Double value) {
        if (value == null || value.isNaN()) {
            return "-";
        }
        double v = value;
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String num(double value) {
        return num(Double.valueOf(value));
    }

    static String whole(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,.0f", value);
    }

    static String latency(LatencySummary summary) {
        return summary.toString();
    }

    private static String shorten(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    private static String safe(String label) {
        return label.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
