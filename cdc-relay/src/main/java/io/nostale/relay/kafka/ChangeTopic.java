package io.nostale.relay.kafka;

import io.nostale.relay.RelayMisconfiguredException;
import io.nostale.wire.ChangeTopicRules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change topic: created if missing (one partition, {@code CreateTime}, the configured retention); an existing one,
 * which an operator may have created or changed, is checked as Kafka describes it ({@link ChangeTopicRules}: one
 * partition, {@code CreateTime}, {@code cleanup.policy=delete}) and refused if it breaks a rule, naming the setting.
 */
final class ChangeTopic {

    private static final Logger log = LoggerFactory.getLogger(ChangeTopic.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final String name;
    private final short replicationFactor;
    private final long retentionMillis;

    ChangeTopic(String name, short replicationFactor, long retentionMillis) {
        this.name = name;
        this.replicationFactor = replicationFactor;
        this.retentionMillis = retentionMillis;
    }

    void ensure(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        if (!exists(admin)) {
            create(admin);
        }
    }

    private boolean exists(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(name)).topicNameValues().get(name)
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
        List<ChangeTopicRules.Violation> violations =
                ChangeTopicRules.violations(description.partitions().size(), configs(admin), Duration.ZERO);
        if (!violations.isEmpty()) {
            throw new RelayMisconfiguredException(ChangeTopicRules.describe(name, violations)
                    + ". Fix the topic, delete it (the relay creates it as it must be) or configure another one"
                    + " (NOSTALE_RELAY_TOPIC)");
        }
        return true;
    }

    /** The topic's configs in effect (its own or the broker's defaults). */
    private Map<String, String> configs(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Config config = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource);
        return config.entries().stream().filter(entry -> entry.value() != null)
                .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value, (a, b) -> a));
    }

    private void create(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        NewTopic topic = new NewTopic(name, 1, replicationFactor).configs(Map.of(
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMillis),
                // record timestamp = commit time, which consumers seek by
                TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime"));
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("Created change topic '{}' (1 partition, replication {}, retention {} ms)",
                    name, replicationFactor, retentionMillis);
        }
        catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            exists(admin); // created concurrently: check it like any existing topic
        }
    }
}
