package io.nostale.embedded.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PaceTest {

    @Test
    void parsesSecondsAndMillisAndPrintsTheSameWay() {
        assertThat(Pace.parse("1s-3s")).isEqualTo(Pace.DEFAULT);
        assertThat(Pace.parse(" 200ms-1s ")).isEqualTo(new Pace(Duration.ofMillis(200), Duration.ofSeconds(1)));
        assertThat(Pace.parse("200ms-1s")).hasToString("200ms-1s");
        assertThat(Pace.parse("2s-2s").next(new Random(1))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void drawsEveryWaitBetweenMinAndMaxAndCoversTheRange() {
        Pace pace = Pace.DEFAULT;
        Random random = new Random(4);
        Duration shortest = Duration.ofDays(1);
        Duration longest = Duration.ZERO;
        for (int i = 0; i < 2_000; i++) {
            Duration d = pace.next(random);
            assertThat(d).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
            shortest = d.compareTo(shortest) < 0 ? d : shortest;
            longest = d.compareTo(longest) > 0 ? d : longest;
        }
        assertThat(shortest).isLessThan(Duration.ofMillis(1_050));
        assertThat(longest).isGreaterThan(Duration.ofMillis(2_950));
    }

    @Test
    void rejectsWhatIsNotAPaceWithAMessageSayingWhatIsExpected() {
        assertThatThrownBy(() -> Pace.parse("fast")).hasMessageContaining("1s-3s").hasMessageContaining("'fast'");
        assertThatThrownBy(() -> Pace.parse("1-3")).hasMessageContaining("units ms or s");
        assertThatThrownBy(() -> Pace.parse("3s-1s")).hasMessageContaining("below its minimum");
        assertThatThrownBy(() -> Pace.parse("1ms-1s")).hasMessageContaining("at least 10ms");
        assertThatThrownBy(() -> Pace.parse("99999999999999999999s-1s")).hasMessageContaining("out of range");
    }
}
