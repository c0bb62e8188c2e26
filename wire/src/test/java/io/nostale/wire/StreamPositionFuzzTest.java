package io.nostale.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the stream position parser ({@code TXNLSN#CHANGELSN}, the {@code resume.position} a client sends):
 * every input parses to a position that round-trips through its canonical text, or is refused with
 * {@link MalformedValueException}.
 */
class StreamPositionFuzzTest {

    @Test
    void positionParserRoundTripsOrRejectsCleanly() {
        long seed = Fuzz.seed("StreamPositionFuzzTest");
        Random random = new Random(seed);
        Fuzz.Tally tally = new Fuzz.Tally();
        for (int i = 0; i < Fuzz.RUNS; i++) {
            Fuzz.checkParser(seed, input(random), StreamPosition::parse, tally);
        }
        TimepointFuzzTest.assertBothOutcomes(tally);
    }

    @Test
    void orderIsConsistentWithTheParsedLsns() {
        long seed = Fuzz.seed("StreamPositionFuzzTest.order");
        Random random = new Random(seed);
        for (int i = 0; i < Fuzz.RUNS; i++) {
            StreamPosition a = StreamPosition.parse(position(random));
            StreamPosition b = StreamPosition.parse(position(random));
            int expected = Long.compareUnsigned(a.txnLsn().value(), b.txnLsn().value());
            if (expected == 0) {
                expected = Long.compareUnsigned(a.changeLsn().value(), b.changeLsn().value());
            }
            assertThat(Integer.signum(a.compareTo(b))).as("seed %d: %s vs %s", seed, a, b).isEqualTo(Integer.signum(expected));
            assertThat(a.isAfter(b)).isEqualTo(expected > 0);
        }
    }

    private static String input(Random random) {
        return switch (random.nextInt(10)) {
            case 0, 1 -> position(random);
            case 2, 3, 4, 5 -> Fuzz.mutate(random, position(random), "#/");
            case 6 -> position(random) + "#" + TimepointFuzzTest.lsn(random);
            case 7 -> TimepointFuzzTest.lsn(random) + Fuzz.nasty(random) + TimepointFuzzTest.lsn(random);
            case 8 -> Fuzz.mutate(random, TimepointFuzzTest.timepoint(random), "@#/");
            default -> TimepointFuzzTest.junk(random);
        };
    }

    private static String position(Random random) {
        return TimepointFuzzTest.lsn(random) + "#" + TimepointFuzzTest.lsn(random);
    }
}
