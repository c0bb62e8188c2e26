package io.nostale.systemtest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads partition 0 of a topic from its end on a thread of its own and records when each benchmark change first
 * becomes readable there ({@link System#nanoTime}). One consumer configuration for every topic the latency
 * benchmark compares (the product relay's, a candidate relay's, the floor's), so that no path reads faster.
 */
final class TopicArrivals implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Function<byte[], String> benchTitle;
    private final Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final Thread thread;
    private final String topic;

    private TopicArrivals(String bootstrapServers, String topic, Function<byte[], String> benchTitle) {
        this.topic = topic;
        this.benchTitle = benchTitle;
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers, "fetch.max.wait.ms", 5),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::read, "bench-arrivals-" + topic);
        thread.setDaemon(true);
    }

    /**
     * Starts reading; returns once the consumer stands at the topic's end, so every later record is seen.
     * {@code benchTitle} gives the benchmark title a record carries, or null for any other record.
     */
    static TopicArrivals start(String bootstrapServers, String topic, Function<byte[], String> benchTitle)
            throws InterruptedException {
        TopicArrivals arrivals = new TopicArrivals(bootstrapServers, topic, benchTitle);
        arrivals.thread.start();
        if (!arrivals.positioned.await(60, TimeUnit.SECONDS)) {
            arrivals.close();
            throw new IllegalStateException("the reader of " + topic + " did not reach the topic's end within 60 s");
        }
        arrivals.arrivedAt(); // a reader that failed on its way to the end
        return arrivals;
    }

    /** Benchmark title → when it was first read; throws if the reader failed. */
    Map<String, Long> arrivedAt() {
        Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("reading " + topic + " failed", failed);
        }
        return arrivedAt;
    }

    private void read() {
        TopicPartition partition = new TopicPartition(topic, 0);
        try {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            positioned.countDown();
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    String title = benchTitle.apply(record.value());
                    if (title != null) {
                        arrivedAt.putIfAbsent(title, now);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            positioned.countDown();
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
