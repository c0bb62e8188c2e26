package io.nostale.relay.it;

import org.awaitility.Awaitility;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.RecordKind;
import io.nostale.wire.StreamStart;
import io.nostale.wire.TruncateEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;

/** Reads the change topic from its beginning on a background thread, the way the gateway would. */
final class TopicTail implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaConsumer<String, String> consumer;
    private final List<Relayed> records = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean closed;

    TopicTail(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        poller = new Thread(this::poll, "topic-tail");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    records.add(parse(record, System.nanoTime()));
                }
            }
        }
        catch (WakeupException e) {
            // closing
        }
        finally {
            consumer.close();
        }
    }

    private static Relayed parse(ConsumerRecord<String, String> record, long receivedNanos) {
        Header header = record.headers().lastHeader(RecordKind.HEADER);
        String kindText = header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
        RecordKind kind = RecordKind.fromHeader(kindText)
                .orElseThrow(() -> new AssertionError("record without a known nostale-kind header: " + record));
        Optional<ChangeEvent> change = kind == RecordKind.CHANGE
                ? Optional.of(JSON.readValue(record.value(), ChangeEvent.class)) : Optional.empty();
        Optional<StreamStart> start = kind == RecordKind.STREAM_START
                ? Optional.of(JSON.readValue(record.value(), StreamStart.class)) : Optional.empty();
        Optional<TruncateEvent> truncate = kind == RecordKind.TRUNCATE
                ? Optional.of(JSON.readValue(record.value(), TruncateEvent.class)) : Optional.empty();
        return new Relayed(record.offset(), record.timestamp(), record.key(), kind, record.value(), receivedNanos,
                change, start, truncate);
    }

    List<Relayed> records() {
        return List.copyOf(records);
    }

    List<Relayed> matching(Predicate<Relayed> filter) {
        return records().stream().filter(filter).toList();
    }

    /** Waits until at least {@code count} records match, then returns all that match. */
    List<Relayed> await(Predicate<Relayed> filter, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> matching(filter).size() >= count);
        return matching(filter);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        poller.join(10_000);
    }
}
