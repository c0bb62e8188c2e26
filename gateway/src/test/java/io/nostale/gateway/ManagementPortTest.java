package io.nostale.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ManagementPortTest {

    private static Integer managementPort(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        new ManagementPort().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("management.server.port", Integer.class);
    }

    @Test
    void defaultsToTheServicePortPlus1000() {
        assertThat(managementPort(Map.of())).isEqualTo(9080);
        assertThat(managementPort(Map.of("server.port", "8181"))).isEqualTo(9181);
    }

    @Test
    void isRandomWhenTheServicePortIs() {
        assertThat(managementPort(Map.of("server.port", "0"))).isZero();
    }

    @Test
    void takesAConfiguredPort() {
        assertThat(managementPort(Map.of("server.port", "8181", "management.server.port", "7000"))).isEqualTo(7000);
    }

    @Test
    void refusesThePublicPortOrNone() {
        assertThatThrownBy(() -> managementPort(Map.of("server.port", "8181", "management.server.port", "8181")))
                .hasMessageContaining("MANAGEMENT_SERVER_PORT").hasMessageContaining("SERVER_PORT");
        assertThatThrownBy(() -> managementPort(Map.of("management.server.port", "-1")))
                .hasMessageContaining("MANAGEMENT_SERVER_PORT");
        assertThatThrownBy(() -> managementPort(Map.of("server.port", "65000")))
                .hasMessageContaining("set MANAGEMENT_SERVER_PORT");
    }
}
