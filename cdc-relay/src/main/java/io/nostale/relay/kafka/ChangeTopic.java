package io.nostale.relay.kafka;

import io.nostale.relay.RelayMisconfiguredException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change topic must have exactly one partition: its order is the stream's total order. Created if missing;
 * an existing topic with more partitions is refused (repartitioning would interleave the stream).
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
        int partitions = description.partitions().size();
        if (partitions != 1) {
            throw new RelayMisconfiguredException("Change topic '" + name + "' has " + partitions + " partitions; "
                    + "the relay needs exactly 1 (the partition's order is the stream's commit order). "
                    + "Delete it or configure another topic (NOSTALE_RELAY_TOPIC).");
        }
        return true;
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
