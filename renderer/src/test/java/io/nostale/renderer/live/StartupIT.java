package io.nostale.renderer.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nostale.renderer.RendererApplication;
import io.nostale.renderer.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A renderer that cannot sign tokens refuses to start, and says why without printing any secret. */
@ExtendWith(OutputCaptureExtension.class)
class StartupIT {

    @Test
    void refusesToStartWithoutTokenKeys(CapturedOutput output) {
        assertThatThrownBy(() -> start("")).isNotNull();

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("nostale.renderer.token-keys is invalid: no signing keys configured")
                .contains("NOSTALE_RENDERER_TOKEN_KEYS");
    }

    @Test
    void refusesAWeakKeyWithoutPrintingIt(CapturedOutput output) {
        String secret = java.util.Base64.getEncoder().encodeToString("short".getBytes());

        assertThatThrownBy(() -> start("k1:" + secret)).isNotNull();

        assertThat(output).contains("signing key k1 must have at least 32 bytes").doesNotContain(secret);
    }

    private static void start(String tokenKeys) {
        new SpringApplicationBuilder(RendererApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + TestDatabases.url("renderer_startup_it"),
                "--spring.datasource.username=" + TestDatabases.stack().username(),
                "--spring.datasource.password=" + TestDatabases.stack().password(),
                "--nostale.renderer.token-keys=" + tokenKeys).close();
    }
}
