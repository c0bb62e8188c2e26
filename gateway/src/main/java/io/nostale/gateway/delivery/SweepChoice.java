package io.nostale.gateway.delivery;

import java.util.List;

/**
 * Which sweep a page that starts replaying at an offset joins, if any. A sweep at position {@code p} (the next offset
 * it reads) can take a page starting at {@code c} in two ways: the page waits until the sweep reaches {@code c}
 * ({@code c >= p}, at most {@code ahead} offsets away, so it is not held behind a long replay it does not need), or
 * the page's own {@code p - c} records are judged for it alone first ({@code c < p}, at most {@code fill} offsets, so
 * one page's fill is cheap, and only where the in-memory log holds them: filled from Kafka, thousands of pages would
 * each read the same records again). Among the sweeps that can take it, the one with the least such work wins; none means the
 * page starts a sweep of its own.
 *
 * @param fill most offsets a joining page may be behind a sweep
 * @param ahead most offsets a joining page may be ahead of a sweep
 */
record SweepChoice(long fill, long ahead) {

    static final int NONE = -1;

    SweepChoice {
        if (fill < 0 || ahead < 0) {
            throw new IllegalArgumentException("sweep windows must not be negative: " + fill + ", " + ahead);
        }
    }

    /**
     * The index in {@code positions} of the sweep to join, or {@link #NONE}; {@code mayFill} is false when the records
     * from {@code cursor} on are not all in memory.
     */
    int choose(long cursor, List<Long> positions, boolean mayFill) {
        int best = NONE;
        long bestWork = Long.MAX_VALUE;
        for (int i = 0; i < positions.size(); i++) {
            long position = positions.get(i);
            long work = cursor >= position ? cursor - position : position - cursor;
            boolean fits = cursor >= position ? work <= ahead : mayFill && work <= fill;
            if (fits && work < bestWork) {
                best = i;
                bestWork = work;
            }
        }
        return best;
    }
}
