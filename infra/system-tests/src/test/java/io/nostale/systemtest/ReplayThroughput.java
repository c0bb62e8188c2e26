package io.nostale.systemtest;

import io.nostale.embedded.EmbeddedStack;
import io.nostale.embedded.StackSettings;
import io.nostale.replay.Replay;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How fast {@code nostale-replay changes --format json} reads the history, side by side with a bare {@link KafkaConsumer}
 * loop over the same records (docs/benchmarks.md): the tool decodes every record with the gateway's decoder, drops
 * duplicates, selects and writes JSON; the loop only fetches. Rounds alternate so that both see the same machine.
 *
 * <p>{@code ./mvnw -B -q -DskipTests install && ./mvnw -B -q -pl infra/system-tests exec:java
 * -Dbenchmark.main=io.nostale.systemtest.ReplayThroughput [-Dbench.records=1000000] [-Dbench.rounds=3]}
 */
public final class ReplayThroughput {

    private static final String TOPIC = "bench.changes";

    private ReplayThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int records = Integer.getInteger("bench.records", 1_000_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        Path dir = Files.createTempDirectory("nostale-replay-bench");
        try (EmbeddedStack stack = EmbeddedStack.start(StackSettings.freePorts(dir))) {
            String kafka = stack.kafkaBootstrapServers();
            long bytes = fill(kafka, records);
            System.out.printf("topic %s: %,d change records, %,d bytes of values%n", TOPIC, records, bytes);
            List<Double> bare = new ArrayList<>();
            List<Double> decodeOnly = new ArrayList<>();
            List<Double> tool = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                bare.add(recordsPerSecond(records, () -> bareLoop(kafka, records)));
                // a table no record has: every record decoded, judged for duplicates and selected, nothing written
                decodeOnly.add(recordsPerSecond(records, () -> replay(kafka, "--table", "no_such_table")));
                tool.add(recordsPerSecond(records, () -> replay(kafka, "--format", "json")));
                System.out.printf("round %d: bare consumer %,.0f records/s, decoded and selected %,.0f records/s,"
                        + " changes --format json %,.0f records/s%n", round + 1, bare.get(round), decodeOnly.get(round),
                        tool.get(round));
            }
            double bareMedian = median(bare);
            double toolMedian = median(tool);
            System.out.printf("median of %d rounds: bare %,.0f records/s, decoded and selected %,.0f records/s, tool"
                    + " %,.0f records/s, ratio %.2f (target >= 0.5)%n", rounds, bareMedian, median(decodeOnly), toolMedian,
                    toolMedian / bareMedian);
        }
    }

    /** Writes {@code count} change records as the relay writes them: chat messages, positions in commit order. */
    private static long fill(String kafka, int count) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        }
        long bytes = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka,
                "linger.ms", "20", "batch.size", Integer.toString(1 << 20), "acks", "1"),
                new StringSerializer(), new StringSerializer())) {
            long start = System.currentTimeMillis() - count;
            for (int i = 0; i < count; i++) {
                String lsn = "0/" + Long.toHexString(0x1000_0000L + 64L * i).toUpperCase();
                String value = "{\"table\":\"chat_message\",\"op\":\"INSERT\",\"txId\":" + (1000 + i) + ",\"changeLsn\":\""
                        + lsn + "\",\"position\":\"" + lsn + "#" + lsn + "\",\"commitMillis\":" + (start + i)
                        + ",\"before\":{},\"after\":{\"id\":" + i + ",\"room_id\":" + (i % 50) + ",\"author_id\":"
                        + (i % 700) + ",\"body\":\"message number " + i + " in a room where people talk about things\","
                        + "\"created_at\":\"2026-12-08T10:00:00.000000Z\",\"version\":1}}";
                ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, 0, start + i, null, value);
                record.headers().add("nostale-kind", "change".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
                bytes += value.length();
            }
            producer.flush();
        }
        return bytes;
    }

    private static void bareLoop(String kafka, int count) {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka,
                "enable.auto.commit", "false", "max.partition.fetch.bytes", Integer.toString(8 * 1024 * 1024)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, 0);
            long read = 0;
            long sum = 0;
            while (read < count) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read++;
                    sum += record.value().length;
                }
            }
            if (sum == 0) {
                throw new IllegalStateException("read nothing");
            }
        }
    }

    private static void replay(String kafka, String... more) {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        List<String> args = new ArrayList<>(List.of("changes", "--topic", TOPIC, "--bootstrap-servers", kafka));
        args.addAll(List.of(more));
        int status = Replay.run(nowhere, nowhere, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("nostale-replay exited " + status);
        }
    }

    private static double recordsPerSecond(int records, Runnable read) {
        long started = System.nanoTime();
        read.run();
        return records / ((System.nanoTime() - started) / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
