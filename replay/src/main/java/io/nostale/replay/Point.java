package io.nostale.replay;

import io.nostale.wire.Lsn;
import io.nostale.wire.MalformedValueException;
import io.nostale.wire.Timepoint;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in the change history, as an engineer names it on the command line: a time, a duration ago, a page's
 * timepoint, an LSN, or a topic offset. A timepoint names its WAL position: the changes committed at or after it are
 * the ones its page could not show (which of the earlier ones it lacked is what {@code explain} tells).
 */
sealed interface Point {

    /** The record at this topic offset. */
    record Offset(long offset) implements Point {
    }

    /** The first record committed at or after this instant (the database's clock). */
    record Time(Instant instant) implements Point {
    }

    /** The first record of a transaction whose commit lies at or after this WAL position. */
    record Position(Lsn lsn) implements Point {
    }

    String FORMS = "a time (2026-12-08T10:00:00Z), a duration ago (10m, 90s, 2h, 1d), a timepoint, an LSN (0/16B3748)"
            + " or a topic offset (offset:1234)";

    Pattern AGO = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    Pattern OFFSET = Pattern.compile("offset:(\\d{1,18})");
    Pattern LSN = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

    /** Parses {@code text}; a duration counts back from {@code now}. Throws with a message naming the forms. */
    static Point parse(String text, Instant now) {
        String trimmed = text == null ? "" : text.strip();
        Optional<Duration> ago = duration(trimmed);
        if (ago.isPresent()) {
            return new Time(now.minus(ago.get()));
        }
        Matcher offset = OFFSET.matcher(trimmed);
        if (offset.matches()) {
            return new Offset(Long.parseLong(offset.group(1)));
        }
        if (LSN.matcher(trimmed).matches()) {
            return new Position(Lsn.parse(trimmed));
        }
        try {
            if (trimmed.contains("@")) {
                return new Position(Timepoint.parse(trimmed).lsn());
            }
            return new Time(OffsetDateTime.parse(trimmed).toInstant());
        } catch (MalformedValueException | DateTimeParseException e) {
            throw new IllegalArgumentException(quote(trimmed) + " is not a point: give " + FORMS);
        }
    }

    /** {@code 10m}, {@code 90s}, {@code 500ms}, {@code 2h}, {@code 1d}; empty for anything else. */
    static Optional<Duration> duration(String text) {
        Matcher ago = AGO.matcher(text.strip());
        return ago.matches() ? Optional.of(duration(Long.parseLong(ago.group(1)), ago.group(2)))
                : Optional.empty();
    }

    private static Duration duration(long amount, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static String quote(String text) {
        return "'" + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "'";
    }
}
