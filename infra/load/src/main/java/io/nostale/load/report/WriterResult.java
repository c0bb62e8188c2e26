package io.nostale.load.report;

import io.nostale.load.workload.PacedWriter;

/**
 * What a writer achieved against what was asked. {@code keptUp} is false when it fell more than 2 % short: the
 * phase's figures are then for the achieved rate, not the requested one.
 */
public record WriterResult(String name, double requestedPerSecond, double achievedPerSecond, long committed, long failed,
                           double maxLagMillis, boolean keptUp, String firstError) {

    public static WriterResult of(PacedWriter.Stats stats) {
        return new WriterResult(stats.name(), stats.requestedPerSecond(), round1(stats.achievedPerSecond()),
                stats.committed(), stats.failed(), round1(stats.maxLagMillis()), stats.keptUp(), stats.firstError());
    }

    static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    @Override
    public String toString() {
        return String.format("%s %.0f/s asked, %.1f/s achieved%s", name, requestedPerSecond, achievedPerSecond,
                keptUp ? "" : " (COULD NOT KEEP THE RATE, worst lag " + Math.round(maxLagMillis) + " ms)");
    }
}
