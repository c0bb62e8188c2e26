package io.nostale.load.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReconnectTest {

    @Test
    void theDelayDoublesFrom250MillisUpTo10SecondsJitteredDownToHalf() {
        assertThat(millis(0, 0.999999)).isEqualTo(250);
        assertThat(millis(0, 0)).isEqualTo(125);
        assertThat(millis(1, 0.999999)).isEqualTo(500);
        assertThat(millis(5, 0.999999)).isEqualTo(8_000);
        assertThat(millis(6, 0.999999)).isEqualTo(10_000);
        assertThat(millis(60, 0)).isEqualTo(5_000);
        assertThat(millis(Integer.MAX_VALUE, 0.5)).isEqualTo(7_500);
    }

    private static long millis(int attempt, double random) {
        return TimeUnit.NANOSECONDS.toMillis(Backoff.delayNanos(attempt, () -> random));
    }

    @Test
    void closeCodesAreHonouredAsTheProtocolTableSays() {
        assertThat(ClosePolicy.react(1001)).isEqualTo(ClosePolicy.Reaction.RESUME);
        assertThat(ClosePolicy.react(1006)).isEqualTo(ClosePolicy.Reaction.RESUME);
        assertThat(ClosePolicy.react(4408)).isEqualTo(ClosePolicy.Reaction.RESUME);
        assertThat(ClosePolicy.react(4429)).isEqualTo(ClosePolicy.Reaction.RESUME);
        assertThat(ClosePolicy.react(4503)).isEqualTo(ClosePolicy.Reaction.RESUME);
        assertThat(ClosePolicy.react(1011)).isEqualTo(ClosePolicy.Reaction.RESUME);
        assertThat(ClosePolicy.react(4400)).isEqualTo(ClosePolicy.Reaction.RELOAD);
        assertThat(ClosePolicy.react(4401)).isEqualTo(ClosePolicy.Reaction.RELOAD);
        assertThat(ClosePolicy.react(4409)).isEqualTo(ClosePolicy.Reaction.RELOAD);
        assertThat(ClosePolicy.react(1009)).isEqualTo(ClosePolicy.Reaction.GIVE_UP);
        assertThat(ClosePolicy.name(4503)).isEqualTo("4503 unavailable");
        assertThat(ClosePolicy.name(4000)).isEqualTo("4000");
    }
}
