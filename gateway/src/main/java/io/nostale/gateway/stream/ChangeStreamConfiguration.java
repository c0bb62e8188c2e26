package io.nostale.gateway.stream;

import io.nostale.gateway.GatewayProperties;
import java.time.Duration;
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

    /**
     * Readiness: UP only while the tail follows the change topic and Kafka answered it within
     * {@link TailFollower#CONTACT_TIMEOUT}. A gateway cut off from Kafka keeps its open pages (they get no changes
     * until it is back) but should be sent no new ones.
     */
    @Bean
    HealthIndicator changeStream(TailFollower tail) {
        return () -> {
            if (!tail.isFollowing()) {
                return Health.down().withDetail("reason", "not following the change topic yet").build();
            }
            if (!tail.isInContact()) {
                return Health.down().withDetail("reason", "no answer from Kafka about the change topic for "
                        + tail.sinceContact().map(Duration::toMillis).orElse(0L) + " ms (unreachable, or the topic is gone)")
                        .build();
            }
            return Health.up().withDetail("stream", tail.streamId().orElse("")).build();
        };
    }
}
