package io.nostale.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.settings.InvalidSettingsException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** application.yml's defaults bind, and bad values stop the relay at start with a message. */
class RelayPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RelayProperties.class)
    static class Bind {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bind.class);

    @Test
    void defaultsMatchTheEmbeddedStackAndTheBrief() {
        runner.run(context -> {
            RelayProperties properties = context.getBean(RelayProperties.class);
            assertThat(properties.database().jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:54329/nostale");
            assertThat(properties.kafka().bootstrapServers()).isEqualTo("localhost:19092");
            assertThat(properties.topic()).isEqualTo("nostale.changes");
            assertThat(properties.topicRetention()).isEqualTo(Duration.ofDays(7));
            assertThat(properties.slot()).isEqualTo("nostale");
            assertThat(properties.publication()).isEqualTo("nostale");
            assertThat(properties.offsets().topic()).isEqualTo("nostale.relay.offsets");
            assertThat(properties.offsets().flushInterval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(properties.capture().pollInterval()).isEqualTo(Duration.ofMillis(1));
            assertThat(properties.capture().heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(properties.restart().initialBackoff()).isEqualTo(Duration.ofSeconds(1));
            assertThat(properties.restart().maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void invalidSlotNameIsRejectedAtStart() {
        runner.withPropertyValues("nostale.relay.slot=Not-A-Slot").run(context -> assertThat(context)
                .hasFailed().getFailure().hasStackTraceContaining("PostgreSQL slot name"));
    }

    @Test
    void zeroPollIntervalIsRejectedAtStart() {
        runner.withPropertyValues("nostale.relay.capture.poll-interval=0ms")
                .run(failsWith("nostale.relay.capture.poll-interval (0s) must be between 1ms and 10s"));
    }

    @Test
    void aFirstBackoffLongerThanTheLastIsRejectedNamingBoth() {
        runner.withPropertyValues("nostale.relay.restart.initial-backoff=40s", "nostale.relay.restart.max-backoff=30s")
                .run(failsWith("nostale.relay.restart.initial-backoff (40s) must be at most"
                        + " nostale.relay.restart.max-backoff (30s)"));
    }

    @Test
    void everyViolationIsNamedInOneLineOfTheStartFailureReport() {
        runner.withPropertyValues("nostale.relay.kafka.delivery-timeout=0s", "nostale.relay.capture.max-batch-size=0",
                "nostale.relay.topic-retention=1s").run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new SettingsFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).startsWith("The relay cannot start: ")
                            .contains("nostale.relay.kafka.delivery-timeout (0s) must be between 1s and 10m",
                                    "nostale.relay.capture.max-batch-size (0)", "nostale.relay.topic-retention (1s)")
                            .doesNotContain("\n");
                });
    }

    /**
     * No duration or count is left unbounded: for each one, a value below every bound and one above every bound each
     * stop the start, naming the setting.
     */
    @Test
    void everyDurationAndCountHasBounds() {
        Map<String, Class<?>> checked = new LinkedHashMap<>();
        collect("nostale.relay", RelayProperties.class, checked);
        Map<Class<?>, List<String>> extremes = Map.of(Duration.class, List.of("0s", "100000d"),
                int.class, List.of("-1", "2000000000"));
        checked.forEach((setting, type) -> {
            for (String value : extremes.get(type)) {
                runner.withPropertyValues(setting + "=" + value).run(failsWith(setting + " ("));
            }
        });
        assertThat(checked).hasSize(12);
    }

    /** The full names and types of every Duration and int setting of {@code type}, nested groups included. */
    private static void collect(String prefix, Class<?> type, Map<String, Class<?>> names) {
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + component.getName().replaceAll("([A-Z])", "-$1").toLowerCase();
            if (component.getType() == Duration.class || component.getType() == int.class) {
                names.put(name, component.getType());
            } else if (component.getType().isRecord()) {
                collect(name, component.getType(), names);
            }
        }
    }

    private static ContextConsumer<AssertableApplicationContext> failsWith(String message) {
        return context -> assertThat(context).hasFailed().getFailure().rootCause()
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining(message);
    }
}
