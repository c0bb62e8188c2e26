package io.nostale.embedded.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.embedded.StackSettings;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class BannerTest {

    @Test
    void listsEveryPortInUseWithTheManagementPorts() {
        StackSettings stack = new StackSettings(Path.of("/data"), 15432, 29092, 29093);
        ProductSettings product = new ProductSettings(Path.of("/project"), 18080, 18081, 19982, "k1:secret", true,
                Path.of("/logs"));

        assertThat(Banner.ports(stack, product)).isEqualTo("""
                PostgreSQL 15432, Kafka 29092 (controller 29093),
                              renderer 18080 (management 19080), gateway 18081 (management 19081),
                              relay 19982 (management only); --help lists the flags that move them""");
    }
}
