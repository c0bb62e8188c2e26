package io.nostale.gateway.stream;

import io.nostale.gateway.GatewayProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The shared in-memory log and the readiness check that the tail is following the topic. */
@Configuration(proxyBeanMethods = false)
class ChangeStreamConfiguration {

    @Bean
    ChangeLog changeLog(GatewayProperties properties) {
        return new ChangeLog(properties.logCapacity());
    }

    @Bean
    HealthIndicator changeStream(TailFollower tail) {
        return () -> tail.isFollowing()
                ? Health.up().withDetail("stream", tail.streamId().orElse("")).build()
                : Health.down().withDetail("reason", "not following the change topic yet").build();
    }
}
