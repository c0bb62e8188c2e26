package io.nostale.wire.lifetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class StopWithParentTest {

    @Test
    void isOffUnlessTheLauncherAsksForIt() {
        assertThat(StopWithParent.fromEnvironment(Map.of())).isEqualTo(StopWithParent.OFF);
        assertThat(of("")).isEqualTo(StopWithParent.OFF);
        assertThat(of("off")).isEqualTo(StopWithParent.OFF);
        assertThat(of("stdin")).isEqualTo(StopWithParent.STDIN);
        assertThat(of(" STDIN ")).isEqualTo(StopWithParent.STDIN);
        assertThat(StopWithParent.STDIN.text()).isEqualTo("stdin");
    }

    @Test
    void refusesAnythingElseNamingTheVariable() {
        assertThatThrownBy(() -> of("true"))
                .hasMessage("NOSTALE_STOP_WITH_PARENT must be stdin or off, got 'true'");
    }

    private static StopWithParent of(String value) {
        return StopWithParent.fromEnvironment(Map.of(StopWithParent.VARIABLE, value));
    }
}
