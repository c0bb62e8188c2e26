package io.nostale.load.page;

import org.HdrHistogram.Histogram;

/**
 * What the pages measured during one phase, merged over the reactors.
 *
 * @param latencyMicros commit → frame of every change frame of the phase's measured changes
 * @param catchUpMicros connect → caught-up of pages opened in the phase (their first caught-up)
 * @param buckets       change frames received per {@link Fleet#BUCKET_MILLIS} since the phase started
 * @param changeFrames  change frames received and parsed
 * @param frames        frames of any type received
 * @param unreadable    frames that were not the JSON the protocol describes
 */
public record PhaseStats(Histogram latencyMicros, Histogram catchUpMicros, long[] buckets, long changeFrames,
                         long frames, long unreadable) {

    /** Change frames per second between {@code fromMillis} and {@code toMillis} after the phase start. */
    public double framesPerSecond(long fromMillis, long toMillis) {
        int from = (int) (fromMillis / Fleet.BUCKET_MILLIS);
        int to = (int) Math.min(buckets.length, toMillis / Fleet.BUCKET_MILLIS);
        if (to <= from) {
            return 0;
        }
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += buckets[i];
        }
        return sum * 1000.0 / ((to - from) * Fleet.BUCKET_MILLIS);
    }

    /**
     * Change frames per second in steady state: between the moments 5 % and 95 % of the phase's frames had arrived,
     * so neither the ramp-up nor the last stragglers count. When the gateway falls behind a burst of writes, this
     * is its delivery rate through the backlog, not the rate while the writer ran.
     */
    public double steadyFramesPerSecond() {
        long total = 0;
        for (long b : buckets) {
            total += b;
        }
        long seen = 0;
        int from = -1;
        for (int i = 0; i < buckets.length && total > 0; i++) {
            seen += buckets[i];
            if (from < 0 && seen >= 0.05 * total) {
                from = i;
            }
            if (seen >= 0.95 * total) {
                long window = 0;
                for (int j = from; j <= i; j++) {
                    window += buckets[j];
                }
                return window * 1000.0 / ((i - from + 1) * Fleet.BUCKET_MILLIS);
            }
        }
        return 0;
    }

    /** The best whole second of the phase. */
    public double peakFramesPerSecond() {
        int perSecond = (int) (1000 / Fleet.BUCKET_MILLIS);
        long best = 0;
        long window = 0;
        for (int i = 0; i < buckets.length; i++) {
            window += buckets[i] - (i >= perSecond ? buckets[i - perSecond] : 0);
            best = Math.max(best, window);
        }
        return best;
    }
}
