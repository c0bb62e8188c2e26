package io.nostale.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class StackSettingsTest {

    @Test
    void defaultsAreThePortsOfTheSpec() {
        StackSettings s = StackSettings.defaults(Path.of("data"));
        assertThat(s.postgresPort()).isEqualTo(54329);
        assertThat(s.kafkaPort()).isEqualTo(19092);
        assertThat(s.kafkaControllerPort()).isEqualTo(19093);
        assertThat(s.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
    }

    @Test
    void freePortsAreThreeDifferentPortsNobodyListensOn() {
        StackSettings s = StackSettings.freePorts(Path.of("data"));
        assertThat(java.util.Set.of(s.postgresPort(), s.kafkaPort(), s.kafkaControllerPort())).hasSize(3);
        Ports.requireFree(s.postgresPort(), "test");
        Ports.requireFree(s.kafkaPort(), "test");
        Ports.requireFree(s.kafkaControllerPort(), "test");
    }

    @Test
    void rejectsClashingOrInvalidPorts() {
        assertThatThrownBy(() -> new StackSettings(Path.of("d"), 5000, 5000, 5001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must differ");
        assertThatThrownBy(() -> new StackSettings(Path.of("d"), 0, 5000, 5001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("postgresPort");
    }

    @Test
    void aTakenPortIsNamedInTheError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Ports.requireFree(taken.getLocalPort(), "embedded Kafka"))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " (embedded Kafka) is already in use");
        }
    }
}
