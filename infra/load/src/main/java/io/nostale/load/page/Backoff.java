package io.nostale.load.page;

import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * The browser script's reconnect delay (live.js {@code reconnectDelay}): doubling from 250 ms, capped at 10 s, then
 * jittered down to between half and all of it, so that thousands of pages dropped at once do not come back at once.
 */
public final class Backoff {

    public static final long INITIAL_MILLIS = 250;
    public static final long MAX_MILLIS = 10_000;

    private Backoff() {
    }

    /** Delay before reconnect attempt {@code attempt} (0-based); {@code random} in [0, 1). */
    public static long delayNanos(int attempt, DoubleSupplier random) {
        long ceiling = Math.min(MAX_MILLIS, INITIAL_MILLIS << Math.min(Math.max(attempt, 0), 16));
        return TimeUnit.MILLISECONDS.toNanos(Math.round(ceiling * (0.5 + 0.5 * random.getAsDouble())));
    }
}
