package io.nostale.systemtest.history;

import io.nostale.pages.record.Duplicates;
import io.nostale.pages.record.LoggedRecord;
import io.nostale.pages.record.RecordDecoder;
import io.nostale.systemtest.SystemUnderTest;
import io.nostale.wire.RecordKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The change topic from its first retained record to its end, as the freshness check needs it: for each offset, the
 * commit time of the oldest record at or after it that brought something new ({@link #pendingMillis}), how many of
 * its records are re-sent duplicates, and the topic's id (the pages' stream).
 */
record TopicTimes(String stream, long first, long[] pendingMillis, int duplicates) {

    static final String TOPIC = "nostale.changes";
    private static final RecordDecoder DECODER = new RecordDecoder(JsonMapper.builder().build());

    /** One record, decoded as the gateway decodes it, and its timestamp (the commit time). */
    record Entry(LoggedRecord record, long commitMillis) {
    }

    /** The topic's id, as the gateway names the stream in its frames. */
    static String stream(SystemUnderTest sut) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", sut.stack.kafkaBootstrapServers()))) {
            return admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).topicId().toString();
        }
    }

    /**
     * For each record, the oldest commit time among the records at or after it that a page had not had before: a
     * relay that restarts re-sends what it had not yet confirmed, and those duplicates carry their original, older
     * commit times at new offsets, though the page had their originals long before (their position is at or below
     * one already on the topic in the same capture). A record that nothing new follows gets {@link Long#MAX_VALUE}.
     */
    static long[] pendingMillis(List<Entry> entries) {
        boolean[] news = news(entries);
        long[] pending = new long[entries.size()];
        long oldest = Long.MAX_VALUE;
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (news[i]) {
                oldest = Math.min(oldest, entries.get(i).commitMillis());
            }
            pending[i] = oldest;
        }
        return pending;
    }

    /** For each record, whether it brought something new: the rule the replay tool uses too ({@link Duplicates}). */
    private static boolean[] news(List<Entry> entries) {
        boolean[] news = new boolean[entries.size()];
        Duplicates duplicates = new Duplicates();
        for (int i = 0; i < entries.size(); i++) {
            news[i] = duplicates.isNew(entries.get(i).record());
        }
        return news;
    }

    /** How many records of {@code entries} are re-sent duplicates. */
    static int duplicates(List<Entry> entries) {
        int count = 0;
        for (boolean isNew : news(entries)) {
            count += isNew ? 0 : 1;
        }
        return count;
    }

    static TopicTimes read(SystemUnderTest sut, String stream) {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                "bootstrap.servers", sut.stack.kafkaBootstrapServers(), "enable.auto.commit", "false"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            long start = consumer.beginningOffsets(List.of(partition)).get(partition);
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<Entry> entries = new ArrayList<>();
            consumer.seek(partition, start);
            long next = start;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (next < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end) {
                        entries.add(entry(record));
                    }
                    next = record.offset() + 1;
                }
            }
            if (next < end) {
                throw new IllegalStateException("the change topic could not be read to offset " + end + " within 60 s");
            }
            return new TopicTimes(stream, start, pendingMillis(entries), duplicates(entries));
        }
    }

    private static Entry entry(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(RecordKind.HEADER);
        return new Entry(DECODER.decode(record.offset(),
                header == null ? null : new String(header.value(), StandardCharsets.UTF_8), record.value()),
                record.timestamp());
    }
}
