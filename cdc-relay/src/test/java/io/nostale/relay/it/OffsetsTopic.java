package io.nostale.relay.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Debezium's committed offsets, read back from its Kafka offset store (topic nostale.relay.offsets). */
final class OffsetsTopic {

    static final String TOPIC = "nostale.relay.offsets";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OffsetsTopic() {
    }

    /** One record of the offset store: a commit, or a tombstone (no value) that discards the key's offset. */
    record Stored(long offset, String key, Optional<JsonNode> value) {

        boolean isTombstone() {
            return value.isEmpty();
        }

        long lsn() {
            return value.orElseThrow(() -> new AssertionError("tombstone at offset " + offset)).get("lsn").asLong();
        }
    }

    /** The records of one engine name (the first element of the key), oldest first, tombstones included. */
    static List<Stored> of(String engineName) {
        List<Stored> stored = new ArrayList<>();
        read(record -> {
            if (record.key() != null && JSON.readTree(record.key()).path(0).asString().equals(engineName)) {
                stored.add(new Stored(record.offset(), record.key(),
                        Optional.ofNullable(record.value()).map(JSON::readTree)));
            }
        });
        return stored;
    }

    /** Every commit so far, oldest first: Debezium's offset JSON ({@code lsn_proc}, {@code lsn_commit}, ...). */
    static List<JsonNode> commits() {
        List<JsonNode> commits = new ArrayList<>();
        read(record -> {
            if (record.value() != null) {
                commits.add(JSON.readTree(record.value()));
            }
        });
        return commits;
    }

    private static void read(Consumer<ConsumerRecord<String, String>> each) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RelayHarness.stack().kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }
}
