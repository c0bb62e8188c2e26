package io.nostale.systemtest.history;

import io.nostale.systemtest.SystemUnderTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The change topic's record timestamps (commit times) from an offset to its end, and its id (the pages' stream). */
record TopicTimes(String stream, long first, long[] commitMillis) {

    static final String TOPIC = "nostale.changes";

    /** The topic's id, as the gateway names the stream in its frames. */
    static String stream(SystemUnderTest sut) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", sut.stack.kafkaBootstrapServers()))) {
            return admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).topicId().toString();
        }
    }

    static TopicTimes read(SystemUnderTest sut, String stream, long from) {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                "bootstrap.servers", sut.stack.kafkaBootstrapServers(), "enable.auto.commit", "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            long start = Math.max(from, consumer.beginningOffsets(List.of(partition)).get(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long[] times = new long[(int) Math.max(0, end - start)];
            consumer.seek(partition, start);
            long next = start;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (next < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end) {
                        times[(int) (record.offset() - start)] = record.timestamp();
                    }
                    next = record.offset() + 1;
                }
            }
            if (next < end) {
                throw new IllegalStateException("the change topic could not be read to offset " + end + " within 60 s");
            }
            return new TopicTimes(stream, start, times);
        }
    }
}
