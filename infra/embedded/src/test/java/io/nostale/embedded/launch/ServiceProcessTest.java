package io.nostale.embedded.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServiceProcessTest {

    @Test
    void waitsForAStopLongerThanTheServiceMayTakeToStopItself() {
        assertThat(ServiceProcess.stopGrace(Map.of())).as("the default limit, 30 s, and the margin")
                .isEqualTo(Duration.ofSeconds(45));
        assertThat(ServiceProcess.stopGrace(Map.of("NOSTALE_RELAY_SHUTDOWN_LIMIT", "2m")))
                .isEqualTo(Duration.ofSeconds(135));
        assertThat(ServiceProcess.stopGrace(Map.of("NOSTALE_GATEWAY_SHUTDOWN_LIMIT", "5s",
                "NOSTALE_RENDERER_SHUTDOWN_LIMIT", "40s"))).as("the longest; at least the default")
                .isEqualTo(Duration.ofSeconds(55));
        assertThat(ServiceProcess.stopGrace(Map.of("NOSTALE_RELAY_SHUTDOWN_LIMIT", "never")))
                .as("a limit the service refuses: it does not start").isEqualTo(Duration.ofSeconds(45));
    }
}
