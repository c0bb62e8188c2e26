package io.nostale.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepChoiceTest {

    private final SweepChoice choice = new SweepChoice(400, 1_600);

    @Test
    void noSweepMeansANewOne() {
        assertThat(choice.choose(5_000, List.of(), true)).isEqualTo(SweepChoice.NONE);
    }

    @Test
    void aPageAtASweepsPositionJoinsIt() {
        assertThat(choice.choose(5_000, List.of(1_000L, 5_000L), true)).isEqualTo(1);
    }

    @Test
    void aPageAheadWaitsForTheSweepWithinTheAheadWindowOnly() {
        assertThat(choice.choose(6_600, List.of(5_000L), true)).isZero();
        assertThat(choice.choose(6_601, List.of(5_000L), true)).isEqualTo(SweepChoice.NONE);
    }

    @Test
    void aPageBehindIsFilledWithinTheFillWindowOnly() {
        assertThat(choice.choose(4_600, List.of(5_000L), true)).isZero();
        assertThat(choice.choose(4_599, List.of(5_000L), true)).isEqualTo(SweepChoice.NONE);
    }

    @Test
    void aPageWhoseRecordsAreNotInMemoryIsNeverFilledOnlyWaited() {
        assertThat(choice.choose(4_900, List.of(5_000L), false)).isEqualTo(SweepChoice.NONE);
        assertThat(choice.choose(5_100, List.of(5_200L, 4_950L), false)).isEqualTo(1);
    }

    @Test
    void theSweepNeedingTheLeastWorkWins() {
        assertThat(choice.choose(5_000, List.of(4_000L, 5_300L, 4_900L), true)).isEqualTo(2);
        assertThat(choice.choose(5_000, List.of(5_300L, 4_500L), true)).isZero();
    }

    @Test
    void windowsAreNotNegative() {
        assertThatThrownBy(() -> new SweepChoice(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
