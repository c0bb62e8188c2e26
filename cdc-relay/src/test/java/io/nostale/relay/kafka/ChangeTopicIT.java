package io.nostale.relay.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nostale.embedded.EmbeddedStack;
import io.nostale.relay.RelayMisconfiguredException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The change topic is created with one partition and its settings; an existing topic that breaks a rule (more
 * partitions, LogAppendTime, compaction) is refused, naming the topic setting.
 */
class ChangeTopicIT {

    private static Admin admin;

    @BeforeAll
    static void connect() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedStack.shared().kafkaBootstrapServers()));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void missingTopicIsCreatedWithOnePartitionRetentionAndCreateTime() throws Exception {
        String name = "changes-" + UUID.randomUUID();

        new ChangeTopic(name, (short) 1, Duration.ofDays(3).toMillis()).ensure(admin);
        new ChangeTopic(name, (short) 1, Duration.ofDays(3).toMillis()).ensure(admin); // existing: accepted as is

        assertThat(admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions()).hasSize(1);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("retention.ms").value()).isEqualTo(Long.toString(Duration.ofDays(3).toMillis()));
        assertThat(config.get("message.timestamp.type").value()).isEqualTo("CreateTime");
    }

    @Test
    void topicWithSeveralPartitionsIsRefused() throws Exception {
        String name = "partitioned-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(name, 3, (short) 1))).all().get();

        assertThatThrownBy(() -> new ChangeTopic(name, (short) 1, 1000).ensure(admin))
                .isInstanceOf(RelayMisconfiguredException.class)
                .hasMessageContaining("partitions is 3, must be 1");
    }

    @Test
    void topicWithBrokerTimestampsIsRefused() throws Exception {
        String name = "log-append-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1)
                .configs(Map.of("message.timestamp.type", "LogAppendTime")))).all().get();

        assertThatThrownBy(() -> new ChangeTopic(name, (short) 1, 1000).ensure(admin))
                .isInstanceOf(RelayMisconfiguredException.class)
                .hasMessageContaining("message.timestamp.type is LogAppendTime, must be CreateTime");
    }

    @Test
    void compactedTopicIsRefused() throws Exception {
        String name = "compacted-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                .all().get();

        assertThatThrownBy(() -> new ChangeTopic(name, (short) 1, 1000).ensure(admin))
                .isInstanceOf(RelayMisconfiguredException.class)
                .hasMessageContaining("cleanup.policy is compact, must be delete");
    }
}
