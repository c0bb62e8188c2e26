package io.nostale.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
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
        runner.withPropertyValues("nostale.relay.capture.poll-interval=0ms").run(context -> assertThat(context)
                .hasFailed().getFailure().hasStackTraceContaining("pollInterval"));
    }
}
