package io.nostale.wire.lifetime;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a service's graceful shutdown may take before the process halts: {@code NOSTALE_<SERVICE>_SHUTDOWN_LIMIT},
 * {@value #DEFAULT_TEXT} unless set, between 1 s and 10 min. Written like the services' other durations: {@code 500ms},
 * {@code 30s}, {@code 2m}, or ISO-8601 ({@code PT30S}).
 */
public record ShutdownLimit(Duration value) {

    static final String DEFAULT_TEXT = "30s";
    public static final Duration DEFAULT = Duration.ofSeconds(30);
    public static final Duration MIN = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofMinutes(10);

    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m)");

    public ShutdownLimit {
        if (value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("must be between 1s and 10m, got " + text(value));
        }
    }

    /**
     * How long each graceful phase of the service's framework may take (Spring's {@code
     * spring.lifecycle.timeout-per-shutdown-phase}): two thirds of the limit, so that in-flight requests and the
     * engine's stop end before the halt, and an operator sets one number.
     */
    public Duration phaseGrace() {
        return Duration.ofMillis(value.toMillis() * 2 / 3);
    }

    /** {@code NOSTALE_RELAY_SHUTDOWN_LIMIT} for {@code relay}. */
    public static String variable(String service) {
        return "NOSTALE_" + service.toUpperCase(Locale.ROOT).replace('-', '_') + "_SHUTDOWN_LIMIT";
    }

    /** The service's limit from {@code env}; the default when unset or blank. */
    public static ShutdownLimit fromEnvironment(String service, Map<String, String> env) {
        String variable = variable(service);
        String text = env.getOrDefault(variable, "").strip();
        if (text.isEmpty()) {
            return new ShutdownLimit(DEFAULT);
        }
        try {
            return new ShutdownLimit(parseDuration(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " " + e.getMessage());
        }
    }

    static Duration parseDuration(String text) {
        Matcher simple = SIMPLE.matcher(text.toLowerCase(Locale.ROOT));
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            return switch (simple.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMinutes(amount);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            throw new IllegalArgumentException("must be a duration such as 30s, 500ms, 2m or PT30S, got '" + shown + "'");
        }
    }

    @Override
    public String toString() {
        return text(value);
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
