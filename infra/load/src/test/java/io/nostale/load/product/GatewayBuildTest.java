package io.nostale.load.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayBuildTest {

    @Test
    void jarsAreNamedAfterTheirCheckoutUnlessLabelled() {
        List<GatewayBuild> builds = GatewayBuild.parse("/work/main/gateway/target/nostale-gateway-0.1.0-SNAPSHOT-exec.jar,"
                + " new=/tmp/g.jar, /tmp/other.jar, /tmp/x/other.jar");
        assertThat(builds).extracting(GatewayBuild::label).containsExactly("main", "new", "other.jar", "other.jar#2");
        assertThat(builds.get(1).jar()).isEqualTo(Path.of("/tmp/g.jar"));
    }
}
