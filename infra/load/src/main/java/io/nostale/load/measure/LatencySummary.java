package io.nostale.load.measure;

import org.HdrHistogram.Histogram;

/** A latency distribution in milliseconds, from a histogram of microseconds. */
public record LatencySummary(long count, double p50, double p99, double p999, double max) {

    public static final LatencySummary NONE = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NONE;
        }
        return new LatencySummary(micros.getTotalCount(), micros.getValueAtPercentile(50) / 1000.0,
                micros.getValueAtPercentile(99) / 1000.0, micros.getValueAtPercentile(99.9) / 1000.0,
                micros.getMaxValue() / 1000.0);
    }

    @Override
    public String toString() {
        return count == 0 ? "none" : String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d)", p50, p99, max, count);
    }
}
