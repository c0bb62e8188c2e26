package io.nostale.load.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG plots of the steps (headless JFreeChart): memory per socket, latency and frames per second against open pages. */
public final class Plots {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;

    private Plots() {
    }

    /** Writes the plots into {@code dir}; returns the files. */
    public static List<Path> write(Path dir, List<BuildResult> builds) {
        List<Path> files = new ArrayList<>();
        files.add(chart(dir.resolve("gateway-memory-per-socket.png"), "Gateway memory per subscribed page (over the baseline)",
                "KiB per socket", 10, "target: heap ≤ 10 KiB", builds, List.of(
                        series("heap, idle", s -> s.memory() == null ? null : s.memory().idleHeapKibPerSocket()),
                        series("heap, mixed load", s -> s.memory() == null ? null : s.memory().loadedHeapKibPerSocket()),
                        series("RSS, idle", s -> s.memory() == null ? null : s.memory().idleRssKibPerSocket()),
                        series("RSS, mixed load", s -> s.memory() == null ? null : s.memory().loadedRssKibPerSocket()))));
        files.add(chart(dir.resolve("commit-to-frame-latency.png"), "Commit → frame latency, mixed phase",
                "milliseconds", 100, "target: p99 ≤ 100 ms", builds, List.of(
                        series("p50", s -> s.mixed() == null ? null : nan(s.mixed().commitToFrame().p50())),
                        series("p99", s -> s.mixed() == null ? null : nan(s.mixed().commitToFrame().p99())))));
        files.add(chart(dir.resolve("fanout-frames-per-second.png"), "Fan-out: change frames per second received",
                "frames per second", 100_000, "target: ≥ 100,000 frames/s", builds, List.of(
                        series("received", s -> s.fanout() == null ? null : s.fanout().framesPerSecond()),
                        series("offered", s -> s.fanout() == null ? null : s.fanout().offeredFramesPerSecond()))));
        return files;
    }

    private record Series(String name, Function<StepResult, Double> value) {
    }

    private static Series series(String name, Function<StepResult, Double> value) {
        return new Series(name, value);
    }

    private static Double nan(double value) {
        return Double.isNaN(value) ? null : value;
    }

    /** Colours of the kinds of series (heap, RSS, ...); a second build is drawn dashed, a third dotted. */
    private static final Color[] COLOURS = {new Color(0xC0392B), new Color(0xE67E22), new Color(0x1F618D),
        new Color(0x5DADE2)};
    private static final float[][] DASHES = {null, {8f, 5f}, {2f, 4f}};

    private static Path chart(Path file, String title, String yLabel, double target, String targetLabel,
            List<BuildResult> builds, List<Series> kinds) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (BuildResult build : builds) {
            for (Series kind : kinds) {
                XYSeries series = new XYSeries((builds.size() > 1 ? build.build() + ": " : "") + kind.name());
                for (StepResult step : build.steps()) {
                    Double y = kind.value().apply(step);
                    if (y != null && !y.isNaN()) {
                        series.add(step.pages(), y);
                    }
                }
                data.addSeries(series);
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "open pages (subscribed sockets)", yLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            float[] dash = DASHES[Math.min(DASHES.length - 1, i / kinds.size())];
            renderer.setSeriesPaint(i, COLOURS[(i % kinds.size()) % COLOURS.length]);
            renderer.setSeriesStroke(i, dash == null ? new BasicStroke(2f)
                    : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
        }
        plot.setRenderer(renderer);
        ValueMarker goal = new ValueMarker(target, new Color(0x27AE60), new BasicStroke(1.5f,
                BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        goal.setLabel(targetLabel);
        goal.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        goal.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(goal);
        // The x axis spans every step asked for, run or not: where the points stop is part of the result.
        int maxPages = builds.stream().flatMap(b -> b.steps().stream()).mapToInt(StepResult::pages).max().orElse(1);
        org.jfree.chart.axis.NumberAxis domain = (org.jfree.chart.axis.NumberAxis) plot.getDomainAxis();
        domain.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        domain.setRange(0, maxPages * 1.05);
        // Keep the target in view: a chart far below (or above) its target should show the gap.
        org.jfree.chart.axis.ValueAxis range = plot.getRangeAxis();
        range.setRange(Math.min(0, range.getLowerBound()), Math.max(range.getUpperBound(), target * 1.15));
        try {
            Files.createDirectories(file.getParent());
            ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
