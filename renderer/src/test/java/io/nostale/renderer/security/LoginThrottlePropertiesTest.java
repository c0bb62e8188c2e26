package io.nostale.renderer.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.settings.InvalidSettingsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** The login limits bind from the renderer's application.yml, and nonsensical values stop the start. */
class LoginThrottlePropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer()) // the real application.yml
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Binding.class);

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        runner.run(context -> assertThat(context.getBean(LoginThrottleProperties.class))
                .isEqualTo(new LoginThrottleProperties(5, 50, Duration.ofMinutes(15), 100_000)));
    }

    @Test
    void theEnvironmentOverridesThem() {
        runner.withPropertyValues("NOSTALE_RENDERER_LOGIN_MAX_FAILURES_PER_USERNAME=7",
                        "NOSTALE_RENDERER_LOGIN_MAX_FAILURES_PER_ADDRESS=70", "NOSTALE_RENDERER_LOGIN_WINDOW=1h")
                .run(context -> assertThat(context.getBean(LoginThrottleProperties.class))
                        .isEqualTo(new LoginThrottleProperties(7, 70, Duration.ofHours(1), 100_000)));
    }

    @Test
    void nonsensicalLimitsStopTheStartNamingTheSetting() {
        assertRefused("nostale.renderer.login-throttle.max-failures-per-username=0",
                "nostale.renderer.login-throttle.max-failures-per-username (0) must be between 1 and 1000");
        assertRefused("nostale.renderer.login-throttle.max-failures-per-address=-1",
                "nostale.renderer.login-throttle.max-failures-per-address (-1)");
        assertRefused("nostale.renderer.login-throttle.window=0s",
                "nostale.renderer.login-throttle.window (0s) must be between 1s and 1d");
        assertRefused("nostale.renderer.login-throttle.window=30d", "nostale.renderer.login-throttle.window (30d)");
        assertRefused("nostale.renderer.login-throttle.max-tracked-keys=10",
                "nostale.renderer.login-throttle.max-tracked-keys (10)");
    }

    private void assertRefused(String setting, String message) {
        runner.withPropertyValues(setting).run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().isInstanceOf(InvalidSettingsException.class).hasMessageContaining(message));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LoginThrottleProperties.class)
    static class Binding {
    }
}
