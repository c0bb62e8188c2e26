package io.nostale.wire.lifetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ShutdownLimitTest {

    @Test
    void namesTheVariableAfterTheService() {
        assertThat(ShutdownLimit.variable("relay")).isEqualTo("NOSTALE_RELAY_SHUTDOWN_LIMIT");
        assertThat(ShutdownLimit.variable("cdc-relay")).isEqualTo("NOSTALE_CDC_RELAY_SHUTDOWN_LIMIT");
    }

    @Test
    void defaultsToThirtySecondsWhenUnsetOrBlank() {
        assertThat(ShutdownLimit.fromEnvironment("gateway", Map.of()).value()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ShutdownLimit.fromEnvironment("gateway", Map.of("NOSTALE_GATEWAY_SHUTDOWN_LIMIT", " ")).value())
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void givesTheFrameworksGracefulPhasesTwoThirdsOfTheLimit() {
        assertThat(limit("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(new ShutdownLimit(Duration.ofSeconds(30)).phaseGrace()).isEqualTo(Duration.ofSeconds(20));
        assertThat(new ShutdownLimit(ShutdownLimit.MIN).phaseGrace()).isEqualTo(Duration.ofMillis(666))
                .isLessThan(ShutdownLimit.MIN);
    }

    @Test
    void readsTheServicesDurationForms() {
        assertThat(limit("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(limit("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(limit("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(limit("PT20S")).isEqualTo(Duration.ofSeconds(20));
        assertThat(limit("10S")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void keepsWithinOneSecondAndTenMinutes() {
        assertThat(limit("1s")).isEqualTo(ShutdownLimit.MIN);
        assertThat(limit("10m")).isEqualTo(ShutdownLimit.MAX);
        assertThatThrownBy(() -> limit("999ms"))
                .hasMessage("NOSTALE_RENDERER_SHUTDOWN_LIMIT must be between 1s and 10m, got 999ms");
        assertThatThrownBy(() -> limit("0s")).hasMessageContaining("between 1s and 10m, got 0s");
        assertThatThrownBy(() -> limit("601s")).hasMessageContaining("got 601s");
        assertThatThrownBy(() -> limit("PT-5S")).hasMessageContaining("got -5s");
    }

    @Test
    void refusesWhatIsNoDurationNamingTheVariable() {
        assertThatThrownBy(() -> limit("soon"))
                .hasMessage("NOSTALE_RENDERER_SHUTDOWN_LIMIT must be a duration such as 30s, 500ms, 2m or PT30S, got 'soon'");
        assertThatThrownBy(() -> limit("30")).hasMessageContaining("got '30'");
        assertThatThrownBy(() -> limit("x".repeat(100))).hasMessageEndingWith("...'");
    }

    @Test
    void printsLikeItIsWritten() {
        assertThat(new ShutdownLimit(Duration.ofSeconds(30))).hasToString("30s");
        assertThat(new ShutdownLimit(Duration.ofMillis(2500))).hasToString("2500ms");
    }

    private static Duration limit(String text) {
        return ShutdownLimit.fromEnvironment("renderer", Map.of("NOSTALE_RENDERER_SHUTDOWN_LIMIT", text)).value();
    }
}
