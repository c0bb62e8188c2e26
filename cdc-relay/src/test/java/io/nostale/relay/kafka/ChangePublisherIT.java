package io.nostale.relay.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nostale.embedded.EmbeddedStack;
import io.nostale.relay.RelayProperties;
import io.nostale.relay.convert.OutgoingChange;
import io.nostale.relay.convert.RelayJson;
import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Operation;
import io.nostale.wire.RecordKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's producer, configured as the relay configures it, against the embedded broker: what is on the topic
 * when {@link ChangePublisher#publishAll} returns, after a record fails, and after an interrupt in either wait.
 */
class ChangePublisherIT {

    private final EmbeddedStack stack = EmbeddedStack.shared();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final String topic = "publisher-" + UUID.randomUUID();
    private final ChangePublisher publisher = open();

    @AfterEach
    void close() {
        Thread.interrupted(); // never leak a test's interrupt into the close or the next test
        publisher.close();
    }

    @Test
    void aWholeDebeziumBatchIsOnTheTopicInOrderWhenPublishAllReturns() throws Exception {
        List<OutgoingChange> batch = LongStream.rangeClosed(1, 512).mapToObj(id -> change(id, "after")).toList();

        publisher.publishAll(batch);

        // read at once, no waiting: acks=all means every record is below the high watermark when it is acknowledged
        assertThat(endOffset()).isEqualTo(512);
        List<ConsumerRecord<byte[], byte[]>> records = readAll(512);
        assertThat(records).extracting(record -> new String(record.key(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(batch.stream().map(OutgoingChange::key).toList());
        assertThat(records).extracting(ConsumerRecord::timestamp)
                .containsExactlyElementsOf(batch.stream().map(change -> change.event().commitMillis()).toList());
        assertThat(records).allSatisfy(record -> assertThat(new String(
                record.headers().lastHeader(RecordKind.HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo(RecordKind.CHANGE.headerValue()));
        assertThat(registry.find("nostale.relay.events").counter().count()).isEqualTo(512);
    }

    @Test
    void nothingBehindAFailedRecordReachesTheTopicAndThePublisherStaysAborted() throws Exception {
        // larger than the producer's max.request.size (1 MiB): Kafka fails it at once, through its callback
        OutgoingChange tooLarge = change(3, "x".repeat(2 * 1024 * 1024));
        List<OutgoingChange> batch = List.of(change(1, "a"), change(2, "b"), tooLarge, change(4, "d"), change(5, "e"));

        assertThatThrownBy(() -> publisher.publishAll(batch)).isInstanceOf(PublishFailedException.class);
        assertThatThrownBy(() -> publisher.publishAll(List.of(change(6, "f"))))
                .isInstanceOf(PublishFailedException.class).hasMessageContaining("aborted");

        // the two before it may or may not have been sent before the producer was closed; nothing after it was
        long end = endOffset();
        assertThat(end).isLessThanOrEqualTo(2);
        assertThat(readAll((int) end)).extracting(record -> new String(record.key(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(List.of("chat_room:1", "chat_room:2").subList(0, (int) end));
    }

    @Test
    void anInterruptBeforeTheFirstSendIsAnInterruptedExceptionAndLeavesAtMostAnOrderedPrefix() throws Exception {
        // A new producer's first send usually waits for the topic's metadata and is interrupted there (nothing handed
        // over); when the metadata is already known, the interrupt meets the flush instead and the batch goes out.
        // Either way: an InterruptedException, and the topic holds nothing or the batch's first records in order.
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> publisher.publishAll(List.of(change(1, "a"), change(2, "b"))))
                .isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).as("the flag travels in the exception").isFalse();

        publisher.close();
        int arrived = (int) endOffset();
        assertThat(readAll(arrived)).extracting(record -> new String(record.key(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(List.of("chat_room:1", "chat_room:2").subList(0, arrived));
    }

    @Test
    void anInterruptWhileWaitingForAcknowledgementsIsAnInterruptedExceptionAndTheBatchStillArrivesInOrder() throws Exception {
        publisher.publishAll(List.of(change(0, "metadata known"))); // sends no longer wait for anything

        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> publisher.publishAll(List.of(change(1, "a"), change(2, "b"), change(3, "c"))))
                .isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).as("the flag travels in the exception").isFalse();

        // what was handed over is delivered, in order (a restarted engine re-sends it: a replay)
        publisher.close();
        assertThat(readAll(4)).extracting(record -> new String(record.key(), StandardCharsets.UTF_8))
                .containsExactly("chat_room:0", "chat_room:1", "chat_room:2", "chat_room:3");
    }

    private ChangePublisher open() {
        RelayProperties properties = new RelayProperties(
                new RelayProperties.Database("localhost", 5432, "unused", "unused", ""),
                new RelayProperties.Kafka(stack.kafkaBootstrapServers(), Duration.ofSeconds(30)),
                topic, 1, Duration.ofDays(1), "unused", "unused",
                new RelayProperties.Offsets("unused", 1, Duration.ofSeconds(1)),
                new RelayProperties.Capture(Duration.ofMillis(1), 512, Duration.ofSeconds(5)),
                new RelayProperties.Restart(Duration.ofSeconds(1), Duration.ofSeconds(30)),
                Duration.ofSeconds(5));
        ChangeTopicClients clients = new ChangeTopicClients(properties, new RelayJson(), new PublishMetrics(registry));
        try {
            clients.ensureChangeTopic();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return clients.openPublisher();
    }

    private static OutgoingChange change(long id, String title) {
        ChangeEvent event = new ChangeEvent("chat_room", Operation.UPDATE, 700 + id, "0/" + Long.toHexString(id),
                "0/10#0/" + Long.toHexString(id), 1_000 + id, Map.of("id", id, "title", "before"),
                Map.of("id", id, "title", title));
        return new OutgoingChange("chat_room:" + id, event);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private long endOffset() {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    /** The first {@code count} records of the topic (all of them are below its end when this is called). */
    private List<ConsumerRecord<byte[], byte[]>> readAll(int count) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).hasSizeGreaterThanOrEqualTo(count);
        return records.subList(0, count);
    }
}
