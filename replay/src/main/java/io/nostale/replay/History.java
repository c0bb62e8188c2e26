package io.nostale.replay;

import io.nostale.pages.record.LoggedRecord;
import io.nostale.pages.record.RecordDecoder;
import io.nostale.wire.Lsn;
import io.nostale.wire.RecordKind;
import io.nostale.wire.StreamPosition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The retained change history, read in order from one partition (assign and seek: the tool joins no group and
 * commits nothing). Every failure is a {@link ReplayException} with one line for the engineer.
 */
final class History implements AutoCloseable {

    /** One record, decoded by the same decoder the gateway uses, with its topic timestamp (the commit time). */
    record Entry(LoggedRecord record, long timestampMillis) {
    }

    /** Receives entries in offset order; returns false to stop. */
    interface Reader {
        boolean read(Entry entry);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaConsumer<String, String> consumer;
    private final TopicPartition partition;
    private final String where;
    private final RecordDecoder decoder = new RecordDecoder(JSON);

    private History(KafkaConsumer<String, String> consumer, TopicPartition partition, String where) {
        this.consumer = consumer;
        this.partition = partition;
        this.where = where;
    }

    static History open(KafkaOptions kafka) {
        String where = "topic " + kafka.topic + " on " + kafka.bootstrapServers;
        KafkaConsumer<String, String> consumer;
        try {
            consumer = new KafkaConsumer<>(kafka.consumerConfig(), new StringDeserializer(), new StringDeserializer());
        } catch (KafkaException e) {
            throw ReplayException.unreachable(where, e);
        }
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(kafka.topic, Duration.ofMillis(KafkaOptions.ANSWER_MILLIS));
            if (partitions == null || partitions.isEmpty()) {
                throw new ReplayException("there is no " + where);
            }
            TopicPartition partition = new TopicPartition(kafka.topic, 0);
            consumer.assign(List.of(partition));
            return new History(consumer, partition, where);
        } catch (KafkaException e) {
            consumer.close(Duration.ZERO);
            throw ReplayException.unreachable(where, e);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    long beginning() {
        return ask(() -> consumer.beginningOffsets(List.of(partition)).get(partition));
    }

    long end() {
        return ask(() -> consumer.endOffsets(List.of(partition)).get(partition));
    }

    /**
     * The offset {@code point} names, refused when it lies before what the topic still retains (the history there was
     * deleted, so nothing said about it could be complete). Past the end, the end.
     */
    long offsetOf(Point point) {
        long beginning = beginning();
        long end = end();
        long offset;
        if (point instanceof Point.Offset at) {
            offset = at.offset();
        } else if (point instanceof Point.Time at) {
            offset = atTime(at.instant(), end);
        } else {
            offset = atPosition(((Point.Position) point).lsn(), beginning, end);
        }
        if (offset < beginning && beginning > 0) {
            throw new ReplayException("the point lies outside the retained history: " + where + " starts at offset "
                    + beginning + retainedSince(beginning, end));
        }
        return Math.min(Math.max(offset, beginning), end);
    }

    /** A time before the first retained record, on a topic that has lost records, is outside the history too. */
    private long atTime(Instant instant, long end) {
        OffsetAndTimestamp found = ask(() -> consumer.offsetsForTimes(Map.of(partition, instant.toEpochMilli()))
                .get(partition));
        if (found == null) {
            return end;
        }
        long beginning = beginning();
        return found.offset() == beginning && beginning > 0 && found.timestamp() > instant.toEpochMilli()
                ? beginning - 1 : found.offset();
    }

    /** The first record whose transaction commits at or after {@code lsn}: a scan, positions are not indexed. */
    private long atPosition(Lsn lsn, long beginning, long end) {
        long[] found = {end};
        read(beginning, () -> false, entry -> {
            StreamPosition position = position(entry.record());
            if (position != null && position.txnLsn().compareTo(lsn) >= 0) {
                found[0] = entry.record().offset();
                return false;
            }
            return true;
        }, end);
        return found[0];
    }

    /**
     * Reads from {@code from} up to {@code until} (exclusive), or past it for as long as {@code follow} says, handing
     * each entry to {@code reader} until it returns false. An interrupt of the reading thread ends it quietly.
     */
    void read(long from, BooleanSupplier follow, Reader reader, long until) {
        ask(() -> {
            consumer.seek(partition, from);
            return null;
        });
        long next = from;
        while ((next < until || follow.getAsBoolean()) && !Thread.currentThread().isInterrupted()) {
            ConsumerRecords<String, String> records;
            try {
                records = ask(() -> consumer.poll(Duration.ofMillis(200)));
            } catch (ReplayException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return; // an interrupt ends a --follow like the end of a range (Kafka's poll keeps the flag)
                }
                throw e;
            }
            for (ConsumerRecord<String, String> record : records) {
                if (record.offset() >= until && !follow.getAsBoolean()) {
                    return;
                }
                next = record.offset() + 1;
                if (!reader.read(new Entry(decode(record), record.timestamp()))) {
                    return;
                }
            }
        }
    }

    private LoggedRecord decode(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(RecordKind.HEADER);
        return decoder.decode(record.offset(), header == null ? null : new String(header.value(), StandardCharsets.UTF_8),
                record.value());
    }

    static StreamPosition position(LoggedRecord record) {
        if (record instanceof LoggedRecord.Change change) {
            return change.position();
        }
        if (record instanceof LoggedRecord.Truncate truncate) {
            return truncate.position();
        }
        return null;
    }

    private String retainedSince(long beginning, long end) {
        if (beginning >= end) {
            return " and holds nothing";
        }
        long[] time = {0};
        read(beginning, () -> false, entry -> {
            time[0] = entry.timestampMillis();
            return false;
        }, beginning + 1);
        return " (committed " + Instant.ofEpochMilli(time[0]) + ")";
    }

    private <T> T ask(Supplier<T> request) {
        try {
            return request.get();
        } catch (KafkaException e) {
            throw ReplayException.unreachable(where, e);
        }
    }

    @Override
    public void close() {
        boolean interrupted = Thread.interrupted(); // a stopped --follow still closes its consumer, which checks the flag
        try {
            consumer.close(Duration.ofSeconds(1));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
