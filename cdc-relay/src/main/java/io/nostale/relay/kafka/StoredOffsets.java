package io.nostale.relay.kafka;

import io.nostale.relay.RelayProperties;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debezium's committed offsets in its Kafka offset store ({@code KafkaOffsetBackingStore}, topic
 * {@code nostale.relay.offsets}), read and discarded per engine name.
 *
 * <p>Kafka Connect keys a source offset by the JSON array {@code [engine name, source partition]}, e.g.
 * {@code ["nostale-relay.7312345678901234567.nostale",{"server":"nostale"}]}, and treats a record with a null value
 * (a tombstone) as "no offset". Discarding writes such a tombstone for every key whose first element is the engine
 * name and waits until Kafka acknowledged them all, so a Debezium engine started afterwards, which reads the topic
 * to its end first, finds no offset and starts at the slot's own position.
 */
@Component
public class StoredOffsets {

    private static final Logger log = LoggerFactory.getLogger(StoredOffsets.class);
    private static final Duration READ_PATIENCE = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RelayProperties properties;

    StoredOffsets(RelayProperties properties) {
        this.properties = properties;
    }

    /** Whether Debezium ever committed an offset under this engine name that has not been discarded. */
    public boolean anyStored(String engineName) throws TimeoutException {
        return !read(engineName).isEmpty();
    }

    /**
     * Tombstones every offset stored under the engine name; returns once Kafka acknowledged them, with how many
     * there were. Idempotent: a repeated call finds nothing left to discard.
     */
    public int discard(String engineName) throws TimeoutException, InterruptedException, ExecutionException {
        List<StoredKey> keys = read(engineName);
        if (keys.isEmpty()) {
            return 0;
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(keys.size());
            for (StoredKey key : keys) {
                acks.add(producer.send(new ProducerRecord<>(topic(), key.partition(), key.bytes(), null)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
        log.info("Discarded {} stored offset(s) of engine '{}' in '{}'", keys.size(), engineName, topic());
        return keys.size();
    }

    /** The keys of the engine whose latest record holds an offset, reading the topic from its start to its end. */
    private List<StoredKey> read(String engineName) throws TimeoutException {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic());
            if (partitions == null || partitions.isEmpty()) {
                return List.of(); // Debezium creates the topic on its first start: nothing was ever stored
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
            Map<ByteBuffer, StoredKey> latest = new LinkedHashMap<>();
            long deadline = System.nanoTime() + READ_PATIENCE.toNanos();
            while (!readToEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("could not read offset topic '" + topic() + "' to its end within "
                            + READ_PATIENCE);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null || !engineName.equals(engineNameOf(record.key()).orElse(null))) {
                        continue;
                    }
                    if (record.value() == null) {
                        latest.remove(ByteBuffer.wrap(record.key()));
                    }
                    else {
                        latest.put(ByteBuffer.wrap(record.key()), new StoredKey(record.partition(), record.key()));
                    }
                }
            }
            return List.copyOf(latest.values());
        }
    }

    private static boolean readToEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    /** The first element of a Kafka Connect offset key; empty for anything else found in the topic. */
    static Optional<String> engineNameOf(byte[] key) {
        try {
            JsonNode node = JSON.readTree(key);
            return node.isArray() && node.size() == 2 && node.get(0).isString()
                    ? Optional.of(node.get(0).asString()) : Optional.empty();
        }
        catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private String topic() {
        return properties.offsets().topic();
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "nostale-relay-offsets");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a missing topic is Debezium's to create, compacted; a broker's auto-created topic would not be
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READ_PATIENCE.toMillis());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    private Map<String, Object> producerConfig() {
        long deliveryTimeout = properties.kafka().deliveryTimeout().toMillis();
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "nostale-relay-offsets");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(deliveryTimeout, 10_000));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryTimeout);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** A stored offset's key, with the partition it lives in (its tombstone must go to the same one). */
    private record StoredKey(int partition, byte[] bytes) {
    }
}
