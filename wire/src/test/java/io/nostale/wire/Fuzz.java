package io.nostale.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Seeded, structure-aware input generation for the parser fuzz tests. The seed is printed so that a
 * failing CI run can be replayed with {@code -Dfuzz.seed=<seed>}; every failure message repeats it.
 */
final class Fuzz {

    /** Inputs per parser and run; the issue asks for at least 10,000. */
    static final int RUNS = Integer.getInteger("fuzz.runs", 10_000);

    /** Characters that break parsers: separators, signs, whitespace, controls, look-alike digits, surrogates. */
    private static final String[] NASTY = {"@", ":", ",", "/", "#", ".", "-", "+", "_", "=", " ", "\t", "\n", "\r",
            "\u0000", "\u007f", "\u00a0", "0", "9", "A", "F", "f", "G", "g", "Z", "z", "T", "t", "e", "E", "x",
            "\u0663" /* ARABIC-INDIC DIGIT THREE */, "\uff10" /* FULLWIDTH ZERO */, "\u0661", "\u00e9", "\u202e",
            "\u2028", "\u2029", "\ufeff", "\ud800", "\udc00", "\ud83d\ude00", "<", ">", "\"", "'", "\\", "%00", "%"};

    private static final String[] NUMBERS = {"0", "-1", "-0", "+1", "00000000001", "1e3", "0x1F",
            "2147483647", "2147483648", "4294967295", "4294967296", "1152921504606846976" /* 2^60 */,
            "1152921504606846977", "9223372036854775807", "9223372036854775808", "9999999999999999999",
            "18446744073709551615", "99999999999999999999999999999999", "FFFFFFFF", "FFFFFFFFF", "ffffffff",
            "", " 1", "1 ", "١٢٣"};

    private Fuzz() {
    }

    static long seed(String name) {
        Long fixed = Long.getLong("fuzz.seed");
        long seed = fixed != null ? fixed : System.nanoTime() ^ Double.doubleToLongBits(Math.random());
        System.out.println(name + ": fuzz seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        return seed;
    }

    static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    static String nasty(Random random) {
        return pick(random, NASTY);
    }

    static String number(Random random) {
        return random.nextInt(4) == 0 ? Long.toString(random.nextLong()) : pick(random, NUMBERS);
    }

    /** A random instant anywhere in Instant's range, biased towards realistic ones and odd precisions. */
    static Instant instant(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> Instant.ofEpochSecond(Instant.MIN.getEpochSecond() + (random.nextLong() & Long.MAX_VALUE)
                    % (Instant.MAX.getEpochSecond() - Instant.MIN.getEpochSecond()), random.nextInt(1_000_000_000));
            case 1 -> Instant.EPOCH;
            case 2 -> Instant.ofEpochSecond(1_764_000_000L + random.nextInt(100_000_000));
            case 3 -> Instant.ofEpochMilli(1_764_000_000_000L + random.nextInt(Integer.MAX_VALUE));
            case 4 -> Instant.ofEpochSecond(1_764_000_000L, random.nextInt(1_000_000_000));
            default -> random.nextBoolean() ? Instant.MAX : Instant.MIN;
        };
    }

    /**
     * Applies one to three text mutations to a valid text: replace, insert or delete a character,
     * truncate, duplicate or drop a separator, swap the fields around a separator, replace a run of digits
     * by an extreme number, change case, pad with whitespace, repeat a piece until the text is huge.
     */
    static String mutate(Random random, String valid, String separators) {
        String text = valid;
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            text = mutateOnce(random, text, separators);
        }
        return text;
    }

    private static String mutateOnce(Random random, String text, String separators) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length());
        return switch (random.nextInt(12)) {
            case 0 -> text.isEmpty() ? nasty(random) : text.substring(0, at) + nasty(random) + text.substring(at + 1);
            case 1 -> text.substring(0, at) + nasty(random) + text.substring(at);
            case 2 -> text.isEmpty() ? text : text.substring(0, at) + text.substring(at + 1);
            case 3 -> text.substring(0, at);
            case 4 -> text.substring(at);
            case 5 -> separatorEdit(random, text, separators);
            case 6 -> swapFields(random, text, separators);
            case 7 -> replaceNumber(random, text);
            case 8 -> random.nextBoolean() ? text.toLowerCase() : text.toUpperCase();
            case 9 -> pick(random, new String[] {" ", "\t", "\n", "\u00a0", "\u0000"}) + text
                    + (random.nextBoolean() ? "" : " ");
            case 10 -> repeatPiece(random, text);
            default -> text + pick(random, new String[] {"@", "#", ":", ",", "/0", "@x", "Z", ".0", "\n"});
        };
    }

    private static String separatorEdit(Random random, String text, String separators) {
        List<Integer> places = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            if (separators.indexOf(text.charAt(i)) >= 0) {
                places.add(i);
            }
        }
        if (places.isEmpty()) {
            return text + separators.charAt(random.nextInt(separators.length()));
        }
        int at = pick(random, places);
        char sep = text.charAt(at);
        return switch (random.nextInt(3)) {
            case 0 -> text.substring(0, at) + sep + text.substring(at);
            case 1 -> text.substring(0, at) + text.substring(at + 1);
            default -> text.substring(0, at) + separators.charAt(random.nextInt(separators.length())) + text.substring(at + 1);
        };
    }

    private static String swapFields(Random random, String text, String separators) {
        String sep = String.valueOf(separators.charAt(random.nextInt(separators.length())));
        String[] fields = text.split(java.util.regex.Pattern.quote(sep), -1);
        if (fields.length < 2) {
            return text;
        }
        int i = random.nextInt(fields.length);
        int j = random.nextInt(fields.length);
        String keep = fields[i];
        fields[i] = fields[j];
        fields[j] = keep;
        return String.join(sep, fields);
    }

    private static String replaceNumber(Random random, String text) {
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < text.length(); ) {
            if (Character.isLetterOrDigit(text.charAt(i))) {
                int start = i;
                while (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) {
                    i++;
                }
                runs.add(new int[] {start, i});
            } else {
                i++;
            }
        }
        if (runs.isEmpty()) {
            return text + number(random);
        }
        int[] run = pick(random, runs);
        return text.substring(0, run[0]) + number(random) + text.substring(run[1]);
    }

    private static String repeatPiece(Random random, String text) {
        if (text.isEmpty()) {
            return text;
        }
        int from = random.nextInt(text.length());
        int to = from + 1 + random.nextInt(Math.min(20, text.length() - from));
        String piece = text.substring(from, to);
        int times = random.nextInt(50) == 0 ? 100_000 : 1 + random.nextInt(300);
        return text.substring(0, to) + piece.repeat(times) + text.substring(to);
    }

    /** Counts what happened to the generated inputs, so a test can prove it exercised both outcomes. */
    static final class Tally {
        int parsed;
        int rejected;

        int total() {
            return parsed + rejected;
        }
    }

    /**
     * The parser property: the input either parses to a value whose canonical text parses back to an equal
     * value with the same text, or is refused with a {@link MalformedValueException} whose message is short
     * enough to log. Any other exception fails the test, naming the seed and the input.
     */
    static <T> void checkParser(long seed, String input, Function<String, T> parse, Tally tally) {
        T value;
        try {
            value = parse.apply(input);
        } catch (MalformedValueException e) {
            tally.rejected++;
            if (e.getMessage() == null || e.getMessage().length() > 600) {
                fail("seed " + seed + ": rejection message missing or too long for " + show(input) + ": " + e.getMessage());
            }
            return;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("seed " + seed + ": " + e + " escaped the parser for " + show(input), e);
        }
        tally.parsed++;
        String canonical = value.toString();
        T again;
        try {
            again = parse.apply(canonical);
        } catch (RuntimeException e) {
            throw new AssertionError("seed " + seed + ": canonical text " + show(canonical) + " of " + show(input)
                    + " does not parse: " + e, e);
        }
        assertThat(again).as("seed %d: re-parse of canonical text of %s", seed, show(input)).isEqualTo(value);
        assertThat(again.toString()).as("seed %d: canonical text is stable for %s", seed, show(input)).isEqualTo(canonical);
    }

    /** The input in a failure message: control characters escaped, very long inputs shortened. */
    static String show(String input) {
        if (input == null) {
            return "null";
        }
        String head = input.length() > 300 ? input.substring(0, 300) + "…(" + input.length() + " chars)" : input;
        StringBuilder out = new StringBuilder("\"");
        head.chars().forEach(c -> {
            if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.append('"').toString();
    }
}
