package io.nostale.renderer.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nostale.renderer.security.AttemptWindows.Full;
import io.nostale.renderer.security.AttemptWindows.Taken;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptWindowsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(15);

    @Test
    void refusesTheAttemptAfterMaxWithinTheWindowUntilTheOldestLeavesIt() {
        AttemptWindows windows = new AttemptWindows(3, WINDOW, 100);
        assertThat(windows.take("ann", T0)).isInstanceOf(Taken.class);
        assertThat(windows.take("ann", T0.plusSeconds(60))).isInstanceOf(Taken.class);
        assertThat(windows.take("ann", T0.plusSeconds(120))).isInstanceOf(Taken.class);

        assertThat(windows.take("ann", T0.plusSeconds(300))).isEqualTo(new Full(WINDOW.minusSeconds(300)));
        assertThat(windows.take("ann", T0.plus(WINDOW).minusMillis(1))).isEqualTo(new Full(Duration.ofMillis(1)));
        assertThat(windows.take("ann", T0.plus(WINDOW))).as("the first attempt has left the window")
                .isEqualTo(new Taken("ann", T0.plus(WINDOW)));
        assertThat(windows.take("ann", T0.plus(WINDOW).plusSeconds(1))).as("the second is still in it, with two newer")
                .isEqualTo(new Full(Duration.ofSeconds(59)));
    }

    @Test
    void refusedAttemptsDoNotExtendTheRefusal() {
        AttemptWindows windows = new AttemptWindows(1, WINDOW, 100);
        windows.take("ann", T0);
        for (int minute = 1; minute < 15; minute++) {
            assertThat(windows.take("ann", T0.plus(Duration.ofMinutes(minute)))).isInstanceOf(Full.class);
        }
        assertThat(windows.take("ann", T0.plus(WINDOW))).isInstanceOf(Taken.class);
    }

    @Test
    void keysAreCountedApart() {
        AttemptWindows windows = new AttemptWindows(1, WINDOW, 100);
        windows.take("ann", T0);
        assertThat(windows.take("ann", T0)).isInstanceOf(Full.class);
        assertThat(windows.take("bob", T0)).isInstanceOf(Taken.class);
    }

    @Test
    void aGivenBackAttemptFreesItsPlaceOnly() {
        AttemptWindows windows = new AttemptWindows(2, WINDOW, 100);
        Taken first = (Taken) windows.take("10.0.0.1", T0);
        windows.take("10.0.0.1", T0.plusSeconds(1));
        windows.giveBack(first);
        assertThat(windows.take("10.0.0.1", T0.plusSeconds(2))).isInstanceOf(Taken.class);
        assertThat(windows.take("10.0.0.1", T0.plusSeconds(3))).isInstanceOf(Full.class);
    }

    @Test
    void clearForgetsEveryAttemptOfTheKey() {
        AttemptWindows windows = new AttemptWindows(2, WINDOW, 100);
        windows.take("ann", T0);
        windows.take("ann", T0);
        windows.clear("ann");
        assertThat(windows.trackedKeys()).isZero();
        assertThat(windows.take("ann", T0)).isInstanceOf(Taken.class);
    }

    @Test
    void staysWithinCapacityDroppingExpiredKeysFirstThenTheLeastRecent() {
        AttemptWindows windows = new AttemptWindows(1, WINDOW, 3);
        windows.take("old", T0);
        windows.take("a", T0.plus(WINDOW));
        windows.take("b", T0.plus(WINDOW).plusSeconds(1));
        windows.take("c", T0.plus(WINDOW).plusSeconds(2)); // "old" has expired: dropped
        assertThat(windows.trackedKeys()).isEqualTo(3);
        assertThat(windows.take("a", T0.plus(WINDOW).plusSeconds(3))).as("a is still remembered").isInstanceOf(Full.class);

        windows.take("d", T0.plus(WINDOW).plusSeconds(4)); // all live: the least recent ("a") goes
        assertThat(windows.trackedKeys()).isEqualTo(3);
        assertThat(windows.take("b", T0.plus(WINDOW).plusSeconds(5))).isInstanceOf(Full.class);
        assertThat(windows.take("a", T0.plus(WINDOW).plusSeconds(5))).isInstanceOf(Taken.class);
    }

    @Test
    void anAttemptStampedBeforeEarlierOnesKeepsTheWindowOrdered() {
        AttemptWindows windows = new AttemptWindows(2, WINDOW, 100);
        windows.take("ann", T0.plusSeconds(10));
        windows.take("ann", T0); // the clock stepped back
        assertThat(windows.take("ann", T0.plusSeconds(20))).isEqualTo(new Full(WINDOW.minusSeconds(20)));
    }

    @Test
    void refusesNonsensicalLimits() {
        assertThatThrownBy(() -> new AttemptWindows(0, WINDOW, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AttemptWindows(1, Duration.ZERO, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AttemptWindows(1, WINDOW, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
