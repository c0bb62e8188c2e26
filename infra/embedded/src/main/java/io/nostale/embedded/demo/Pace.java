package io.nostale.embedded.demo;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the visitors wait between two changes: uniformly between {@code min} and {@code max}. Written
 * {@code <min>-<max>} with units {@code ms} or {@code s}, e.g. {@code 1s-3s} (the default) or {@code 200ms-1s}.
 */
public record Pace(Duration min, Duration max) {

    /** Faster than this would flood pages and the log; it is a demo, not a load test. */
    static final Duration FASTEST = Duration.ofMillis(10);
    // after FASTEST: the constructor reads it
    public static final Pace DEFAULT = new Pace(Duration.ofSeconds(1), Duration.ofSeconds(3));

    private static final Pattern TEXT = Pattern.compile("(\\d+)(ms|s)-(\\d+)(ms|s)");

    public Pace {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.compareTo(FASTEST) < 0) {
            throw new IllegalArgumentException("the pace's minimum must be at least " + FASTEST.toMillis() + "ms, got "
                    + min.toMillis() + "ms");
        }
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("the pace's maximum (" + max.toMillis() + "ms) is below its minimum ("
                    + min.toMillis() + "ms)");
        }
    }

    /** Parses {@code <min>-<max>}, e.g. {@code 1s-3s}; the message of the exception says what is expected. */
    public static Pace parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("a pace looks like 1s-3s or 200ms-1s (min-max, units ms or s), got '"
                    + text + "'");
        }
        try {
            return new Pace(duration(m.group(1), m.group(2)), duration(m.group(3), m.group(4)));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("pace '" + text + "' is out of range", e);
        }
    }

    /** The next wait, uniformly drawn between min and max (inclusive). */
    public Duration next(Random random) {
        long spread = max.toMillis() - min.toMillis();
        return min.plusMillis(spread == 0 ? 0 : random.nextLong(spread + 1));
    }

    private static Duration duration(String amount, String unit) {
        long value = Long.parseLong(amount);
        return "s".equals(unit) ? Duration.ofSeconds(value) : Duration.ofMillis(value);
    }

    @Override
    public String toString() {
        return format(min) + "-" + format(max);
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
