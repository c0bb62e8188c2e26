package io.nostale.load.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PhaseStatsTest {

    @Test
    void framesPerSecondOverAWindowAndThePeakSecond() {
        long[] buckets = new long[Fleet.BUCKETS];
        for (int i = 0; i < 50; i++) {
            buckets[i] = i < 20 ? 10 : 100; // 100 frames per 100 ms from 2 s on
        }
        buckets[30] = 600;
        PhaseStats stats = new PhaseStats(new Histogram(3), new Histogram(3), buckets, 0, 0, 0);
        assertThat(stats.framesPerSecond(2_000, 3_000)).isEqualTo(1_000);
        assertThat(stats.framesPerSecond(0, 1_000)).isEqualTo(100);
        assertThat(stats.framesPerSecond(3_000, 3_000)).isZero();
        assertThat(stats.peakFramesPerSecond()).isEqualTo(1_500);
    }

    @Test
    void theSteadyRateLeavesOutTheStragglers() {
        long[] buckets = new long[Fleet.BUCKETS];
        for (int i = 0; i < 10; i++) {
            buckets[i] = 100; // 1,000 frames in the first second
        }
        buckets[100] = 20; // a few arriving 10 s later
        PhaseStats stats = new PhaseStats(new Histogram(3), new Histogram(3), buckets, 0, 0, 0);
        assertThat(stats.steadyFramesPerSecond()).isEqualTo(1_000);
        assertThat(new PhaseStats(new Histogram(3), new Histogram(3), new long[Fleet.BUCKETS], 0, 0, 0)
                .steadyFramesPerSecond()).isZero();
    }
}
