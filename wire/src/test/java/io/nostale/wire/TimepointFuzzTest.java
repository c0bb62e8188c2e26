package io.nostale.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.StringJoiner;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the timepoint parser and the two parsers it is built from (LSN, snapshot) with valid values,
 * mutated texts, field-level nonsense (xmin 0, xmax below xmin, absurd widths, unsorted or out-of-range
 * in-progress lists, numbers past 2^63) and raw junk. Each input must parse to a value that round-trips
 * through its canonical text, or be refused with {@link MalformedValueException}.
 */
class TimepointFuzzTest {

    @Test
    void timepointParserRoundTripsOrRejectsCleanly() {
        long seed = Fuzz.seed("TimepointFuzzTest.timepoint");
        Random random = new Random(seed);
        Fuzz.Tally tally = new Fuzz.Tally();
        for (int i = 0; i < Fuzz.RUNS; i++) {
            Fuzz.checkParser(seed, timepointInput(random), Timepoint::parse, tally);
        }
        assertBothOutcomes(tally);
    }

    @Test
    void snapshotParserRoundTripsOrRejectsCleanly() {
        long seed = Fuzz.seed("TimepointFuzzTest.snapshot");
        Random random = new Random(seed);
        Fuzz.Tally tally = new Fuzz.Tally();
        for (int i = 0; i < Fuzz.RUNS; i++) {
            Fuzz.checkParser(seed, snapshotInput(random), XidSnapshot::parse, tally);
        }
        assertBothOutcomes(tally);
    }

    @Test
    void lsnParserRoundTripsOrRejectsCleanly() {
        long seed = Fuzz.seed("TimepointFuzzTest.lsn");
        Random random = new Random(seed);
        Fuzz.Tally tally = new Fuzz.Tally();
        for (int i = 0; i < Fuzz.RUNS; i++) {
            String input = switch (random.nextInt(4)) {
                case 0 -> lsn(random);
                case 1, 2 -> Fuzz.mutate(random, lsn(random), "/");
                default -> junk(random);
            };
            Fuzz.checkParser(seed, input, Lsn::parse, tally);
        }
        assertBothOutcomes(tally);
    }

    @Test
    void everyRealisticTimepointRoundTripsExactly() {
        long seed = Fuzz.seed("TimepointFuzzTest.exact");
        Random random = new Random(seed);
        for (int i = 0; i < Fuzz.RUNS; i++) {
            String canonical = timepoint(random);
            assertThat(Timepoint.parse(canonical)).as("seed %d", seed).hasToString(canonical);
        }
    }

    static void assertBothOutcomes(Fuzz.Tally tally) {
        assertThat(tally.total()).isGreaterThanOrEqualTo(10_000);
        // a generator that only ever produces junk (or only valid values) would prove nothing
        assertThat(tally.parsed).as("inputs that parsed").isGreaterThan(tally.total() / 20);
        assertThat(tally.rejected).as("inputs that were rejected").isGreaterThan(tally.total() / 5);
    }

    private static String timepointInput(Random random) {
        return switch (random.nextInt(10)) {
            case 0, 1 -> timepoint(random);
            case 2, 3, 4, 5 -> Fuzz.mutate(random, timepoint(random), "@:,/");
            case 6 -> lsn(random) + "@" + snapshotInput(random) + "@" + instantText(random);
            case 7 -> lsnInput(random) + "@" + snapshot(random) + "@" + instantText(random);
            case 8 -> lsn(random) + "@" + snapshot(random) + "@" + Fuzz.mutate(random, instantText(random), "-:T.Z");
            default -> junk(random);
        };
    }

    private static String snapshotInput(Random random) {
        return switch (random.nextInt(10)) {
            case 0, 1 -> snapshot(random);
            case 2, 3, 4 -> Fuzz.mutate(random, snapshot(random), ":,");
            case 5, 6, 7 -> absurdSnapshot(random);
            case 8 -> random.nextInt(200) == 0 ? hugeInProgressList(random) : Fuzz.mutate(random, snapshot(random), ":,");
            default -> junk(random);
        };
    }

    private static String lsnInput(Random random) {
        return random.nextBoolean() ? lsn(random) : Fuzz.mutate(random, lsn(random), "/");
    }

    static String timepoint(Random random) {
        return lsn(random) + "@" + snapshot(random) + "@" + Fuzz.instant(random);
    }

    /** A timepoint of a busy but ordinary database: at most 40 transactions in progress. */
    static String smallTimepoint(Random random) {
        return lsn(random) + "@" + snapshot(random, 40) + "@" + Fuzz.instant(random);
    }

    static String lsn(Random random) {
        long value = switch (random.nextInt(5)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextInt() & 0xFFFFFFFFL;
            case 2 -> 0;
            case 3 -> -1;
            default -> 0x1_0000_0000L + random.nextInt(1 << 30);
        };
        return new Lsn(value).toString();
    }

    /** A snapshot PostgreSQL could have produced: sorted distinct in-progress ids within [xmin, xmax). */
    static String snapshot(Random random) {
        return snapshot(random, random.nextInt(50) == 0 ? 1500 : 6);
    }

    static String snapshot(Random random, int maxInProgress) {
        long xmin = switch (random.nextInt(4)) {
            case 0 -> 1;
            case 1 -> 3 + random.nextInt(100_000);
            case 2 -> XidSnapshot.MAX_XID - XidSnapshot.MAX_WIDTH + 1;
            default -> 1 + (random.nextLong() & Long.MAX_VALUE) % (XidSnapshot.MAX_XID - XidSnapshot.MAX_WIDTH);
        };
        long width = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(50);
            case 2 -> XidSnapshot.MAX_WIDTH - 1;
            default -> random.nextInt(Integer.MAX_VALUE);
        };
        TreeSet<Long> xip = new TreeSet<>();
        int count = width == 0 ? 0 : random.nextInt(maxInProgress);
        for (int i = 0; i < count; i++) {
            xip.add(xmin + (random.nextLong() & Long.MAX_VALUE) % width);
        }
        StringJoiner list = new StringJoiner(",");
        xip.forEach(x -> list.add(Long.toString(x)));
        return xmin + ":" + (xmin + width) + ":" + list;
    }

    /** Field-level nonsense: each part on its own is numeric, the combination is not a snapshot. */
    private static String absurdSnapshot(Random random) {
        long xmin = 1 + random.nextInt(1_000_000);
        return switch (random.nextInt(10)) {
            case 0 -> "0:" + xmin + ":";
            case 1 -> xmin + ":" + (xmin - 1 - random.nextInt(100)) + ":";
            case 2 -> xmin + ":" + (xmin + XidSnapshot.MAX_WIDTH + random.nextInt(3)) + ":";
            case 3 -> xmin + ":" + (xmin + 10) + ":" + (xmin + 5) + "," + (xmin + 2);
            case 4 -> xmin + ":" + (xmin + 10) + ":" + (xmin + 3) + "," + (xmin + 3);
            case 5 -> xmin + ":" + (xmin + 10) + ":" + (xmin + 10);
            case 6 -> xmin + ":" + (xmin + 10) + ":" + (xmin - 1);
            case 7 -> Fuzz.number(random) + ":" + Fuzz.number(random) + ":" + Fuzz.number(random);
            case 8 -> (XidSnapshot.MAX_XID - random.nextInt(3)) + ":" + (XidSnapshot.MAX_XID + random.nextInt(3)) + ":";
            default -> xmin + ":" + (xmin + 10) + ":" + Fuzz.number(random);
        };
    }

    /** Around PostgreSQL's limit of in-progress transactions: the parser must stay fast and bounded. */
    private static String hugeInProgressList(Random random) {
        int count = XidSnapshot.MAX_IN_PROGRESS + random.nextInt(3) - 1;
        StringBuilder out = new StringBuilder("1:").append(count + 10).append(':');
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ",").append(i + 2);
        }
        return out.toString();
    }

    /** Instants in ISO-8601 spellings Instant.parse may or may not accept; accepted ones must round-trip. */
    private static String instantText(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "2026-11-25T19:40:00.123000Z";
            case 1 -> "2026-11-25T19:40:00+01:00";
            case 2 -> "2026-11-25T23:59:60Z";
            case 3 -> "2026-02-30T00:00:00Z";
            case 4 -> "10000-01-01T00:00:00Z";
            case 5 -> "2026-11-25 19:40:00Z";
            default -> Fuzz.instant(random).toString();
        };
    }

    static String junk(Random random) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            out.append(random.nextInt(3) == 0 ? Fuzz.nasty(random) : String.valueOf((char) ('0' + random.nextInt(10))));
        }
        return out.toString();
    }
}
