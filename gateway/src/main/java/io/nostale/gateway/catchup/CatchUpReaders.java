package io.nostale.gateway.catchup;

import io.nostale.gateway.GatewayProperties;
import io.nostale.gateway.stream.KafkaClients;
import io.nostale.gateway.stream.TailFollower;
import io.nostale.gateway.stream.TopicRecords;
import io.nostale.pages.record.LoggedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * A bounded pool of Kafka consumers for reading history older than the in-memory log. A replay borrows one,
 * seeks, reads a batch and gives it back, so N slow replays cost N consumers at most, never one per connection.
 */
@Component
public class CatchUpReaders implements DisposableBean {

    private static final Duration POLL = Duration.ofMillis(100);

    private final GatewayProperties properties;
    private final KafkaClients clients;
    private final TopicRecords decoder;
    private final TailFollower tail;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<KafkaConsumer<String, String>> idle = new ConcurrentLinkedQueue<>();
    private final RetainedStart retainedStart =
            new RetainedStart(this::beginning, System::nanoTime, Duration.ofSeconds(1));

    CatchUpReaders(GatewayProperties properties, KafkaClients clients, TopicRecords decoder, TailFollower tail) {
        this.properties = properties;
        this.clients = clients;
        this.decoder = decoder;
        this.tail = tail;
        this.permits = new Semaphore(properties.catchUpReaders(), true);
    }

    /** Reads records in [{@code from}, {@code until}), at most one batch. */
    HistoryRead read(long from, long until) {
        BrokerAnswer<HistoryRead> answer = withReader(consumer -> {
            TopicPartition partition = tail.partition();
            consumer.seek(partition, from);
            long deadline = System.nanoTime() + properties.brokerTimeout().toNanos();
            List<LoggedRecord> records = new ArrayList<>();
            while (records.isEmpty() && consumer.position(partition) < until) {
                if (System.nanoTime() > deadline) {
                    return new HistoryRead.Unavailable("no records from Kafka within " + properties.brokerTimeout());
                }
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    if (record.offset() < until && records.size() < properties.catchUpBatch()) {
                        records.add(decoder.decode(record));
                    }
                }
            }
            long next = records.isEmpty() ? until : records.get(records.size() - 1).offset() + 1;
            return (HistoryRead) new HistoryRead.Records(records, next);
        });
        if (answer instanceof BrokerAnswer.Ok<HistoryRead> ok) {
            return ok.value();
        }
        return new HistoryRead.Unavailable(((BrokerAnswer.Unavailable<HistoryRead>) answer).why());
    }

    /** Retained history of the topic right now: first offset, end offset, and the first offset at or after a time. */
    BrokerAnswer<HistoryBounds> bounds(long targetMillis) {
        return withReader(consumer -> {
            TopicPartition partition = tail.partition();
            // End first: a record appended after this call must not fall between the end and the start we pick.
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long beginning = consumer.beginningOffsets(List.of(partition)).get(partition);
            OffsetAndTimestamp atTime = consumer.offsetsForTimes(Map.of(partition, targetMillis)).get(partition);
            return new HistoryBounds(beginning, end, atTime == null ? end : Math.min(atTime.offset(), end));
        });
    }

    /** The first offset the topic retains, at most a second old ({@link RetainedStart}). */
    BrokerAnswer<Long> firstRetained() {
        return retainedStart.get();
    }

    private BrokerAnswer<Long> beginning() {
        return withReader(consumer -> consumer.beginningOffsets(List.of(tail.partition())).get(tail.partition()));
    }

    private <T> BrokerAnswer<T> withReader(Function<KafkaConsumer<String, String>, T> work) {
        try {
            if (!permits.tryAcquire(properties.brokerTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return new BrokerAnswer.Unavailable<>("all " + properties.catchUpReaders() + " catch-up readers stayed busy");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new BrokerAnswer.Unavailable<>("interrupted while waiting for a catch-up reader");
        }
        KafkaConsumer<String, String> consumer = idle.poll();
        try {
            if (consumer == null) {
                consumer = clients.consumer("nostale-gateway-catch-up", properties.catchUpBatch());
                consumer.assign(List.of(tail.partition()));
            }
            T result = work.apply(consumer);
            idle.add(consumer);
            return new BrokerAnswer.Ok<>(result);
        } catch (KafkaException e) {
            closeQuietly(consumer);
            return new BrokerAnswer.Unavailable<>("Kafka failed during catch-up: " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(consumer);
            throw e;
        } finally {
            permits.release();
        }
    }

    private static void closeQuietly(KafkaConsumer<String, String> consumer) {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    @Override
    public void destroy() {
        KafkaConsumer<String, String> consumer;
        while ((consumer = idle.poll()) != null) {
            closeQuietly(consumer);
        }
    }

    /** Offsets describing the retained part of the topic. */
    public record HistoryBounds(long beginning, long end, long firstAtOrAfterTime) {
    }
}
