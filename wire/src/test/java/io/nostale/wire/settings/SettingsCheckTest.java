package io.nostale.wire.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsCheckTest {

    private static final Duration MS_100 = Duration.ofMillis(100);
    private static final Duration S_20 = Duration.ofSeconds(20);

    @Test
    void valuesWithinTheirBoundsPass() {
        SettingsCheck.of("nostale.gateway")
                .duration("heartbeat-interval", MS_100, MS_100, S_20)
                .duration("close-grace", S_20, MS_100, S_20)
                .bytes("outbox-bytes", 1024L, 1024, 2048)
                .count("catch-up-readers", 64, 1, 64)
                .text("topic", "nostale.changes")
                .below("heartbeat-interval", MS_100, "close-grace", S_20, "why")
                .atMost("outbox-bytes", 1024L, "outbound-budget", 1024L, "why")
                .verify();
    }

    @Test
    void aDurationOutOfBoundsIsNamedWithItsValueAndBounds() {
        assertThatThrownBy(() -> SettingsCheck.of("nostale.gateway")
                .duration("heartbeat-interval", Duration.ofSeconds(30), MS_100, S_20).verify())
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("nostale.gateway.heartbeat-interval (30s) must be between 100ms and 20s");
        assertThat(SettingsCheck.of("p").duration("d", Duration.ZERO, Duration.ofSeconds(1), Duration.ofHours(24))
                .violations()).containsExactly("p.d (0s) must be between 1s and 1d");
    }

    @Test
    void sizesAndCountsOutOfBoundsAreNamed() {
        assertThat(SettingsCheck.of("p")
                .bytes("outbox-bytes", 1000L, 16 * 1024, 1024 * 1024)
                .count("max-frame-bytes", 2_000_000, 132_096, 1_048_576)
                .violations()).containsExactly(
                        "p.outbox-bytes (1000B) must be between 16KB and 1MB",
                        "p.max-frame-bytes (2000000) must be between 132096 and 1048576");
    }

    @Test
    void missingSettingsAreNamed() {
        assertThat(SettingsCheck.of("p").duration("d", null, MS_100, S_20).bytes("b", null, 0, 1).text("t", " ")
                .violations()).containsExactly("p.d must be set", "p.b must be set", "p.t must be set");
    }

    @Test
    void aRuleBetweenSettingsNamesBothWithTheirValues() {
        InvalidSettingsException failure = (InvalidSettingsException) catchFailure(SettingsCheck.of("nostale.gateway")
                .below("send-time-limit", Duration.ofSeconds(10), "close-grace", Duration.ofSeconds(5),
                        "a client must have its grace"));

        assertThat(failure).hasMessage("nostale.gateway.send-time-limit (10s) must be below nostale.gateway.close-grace"
                + " (5s): a client must have its grace");
        assertThat(failure.settings()).containsExactly("nostale.gateway.send-time-limit", "nostale.gateway.close-grace");
    }

    @Test
    void belowIsStrict() {
        assertThat(SettingsCheck.of("p").below("a", S_20, "b", S_20, "why").violations()).hasSize(1);
        assertThat(SettingsCheck.of("p").atMost("a", 2L, "b", 1L, "why").violations())
                .containsExactly("p.a (2B) must be at most p.b (1B): why");
        assertThat(SettingsCheck.of("p").atMost("a", S_20, "b", S_20, "why").violations()).isEmpty();
        assertThat(SettingsCheck.of("p").atMost("a", S_20, "b", MS_100, "why").violations())
                .containsExactly("p.a (20s) must be at most p.b (100ms): why");
    }

    @Test
    void everyViolationIsListedInOneMessage() {
        InvalidSettingsException failure = (InvalidSettingsException) catchFailure(SettingsCheck.of("p")
                .duration("a", Duration.ZERO, MS_100, S_20)
                .count("b", 0, 1, 2)
                .below("c", S_20, "d", MS_100, "why"));

        assertThat(failure.violations()).hasSize(3);
        assertThat(failure.getMessage()).isEqualTo(String.join("; ", failure.violations())).doesNotContain("\n");
        assertThat(failure.settings()).containsExactly("p.a", "p.b", "p.c", "p.d");
    }

    @Test
    void aRuleOverASettingAlreadyOutOfBoundsIsNotReportedAgain() {
        assertThat(SettingsCheck.of("p")
                .duration("close-grace", Duration.ZERO, MS_100, S_20)
                .below("send-time-limit", Duration.ofSeconds(10), "close-grace", Duration.ZERO, "why")
                .rule(false, () -> "never shown", "close-grace")
                .violations()).containsExactly("p.close-grace (0s) must be between 100ms and 20s");
    }

    @Test
    void aRuleThatHoldsSaysNothingAndOneThatFailsSaysItsMessage() {
        assertThat(SettingsCheck.of("p").rule(true, () -> "unused", "a").violations()).isEmpty();
        assertThat(SettingsCheck.of("p").rule(false, () -> "p.a is too big for p.b", "a", "b").violations())
                .containsExactly("p.a is too big for p.b");
    }

    @Test
    void durationsAndSizesAreWrittenAsTheSettingsTakeThem() {
        assertThat(Settings.duration(Duration.ofHours(24))).isEqualTo("1d");
        assertThat(Settings.duration(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Settings.duration(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Settings.duration(Duration.ofNanos(1))).isEqualTo("1ns");
        assertThat(Settings.duration(Duration.ZERO)).isEqualTo("0s");
        assertThat(Settings.bytes(128L * 1024 * 1024)).isEqualTo("128MB");
        assertThat(Settings.bytes(132_096)).isEqualTo("129KB");
        assertThat(Settings.bytes(1000)).isEqualTo("1000B");
        assertThat(Settings.bytes(0)).isEqualTo("0B");
    }

    private static Throwable catchFailure(SettingsCheck check) {
        try {
            check.verify();
        } catch (InvalidSettingsException e) {
            return e;
        }
        throw new AssertionError("no violation reported");
    }
}
