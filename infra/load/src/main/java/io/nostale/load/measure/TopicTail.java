package io.nostale.load.measure;

import io.nostale.load.workload.CommitLog;
import io.nostale.load.workload.RequestMarkers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the change topic beside the gateway and notes when each of the driver's changes became readable there:
 * commit → topic is the capture half of commit → frame (PostgreSQL WAL → Debezium → Kafka), the rest is the
 * gateway's. One consumer, assigned to the one partition, never in a group.
 */
public final class TopicTail implements AutoCloseable {

    private static final String TOPIC = "nostale.changes";
    private static final long HIGHEST_MICROS = 3_600_000_000L;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final CommitLog log;
    private final ChangeRecords records;
    private final Thread thread;
    private volatile boolean running = true;

    public TopicTail(String bootstrapServers, CommitLog log, RequestMarkers markers, ThreadFactory threads) {
        this.log = log;
        this.records = new ChangeRecords(markers);
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "nostale-load-topic-tail", ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition);
        this.thread = threads.newThread(this::run);
        thread.start();
    }

    /** Commit → topic of the changes with ids in {@code [from, to)} that were seen on the topic (microseconds). */
    public static Histogram captureMicros(CommitLog log, int from, int to) {
        Histogram capture = new Histogram(HIGHEST_MICROS, 3);
        for (int id = from; id < to; id++) {
            long committed = log.committedNanos(id);
            long onTopic = log.onTopicNanos(id);
            if (committed != CommitLog.NOT_COMMITTED && onTopic != CommitLog.NOT_COMMITTED) {
                capture.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (onTopic - committed) / 1_000)));
            }
        }
        return capture;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    int id = records.changeId(record.value());
                    if (id >= 0) {
                        log.onTopic(id, now);
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
