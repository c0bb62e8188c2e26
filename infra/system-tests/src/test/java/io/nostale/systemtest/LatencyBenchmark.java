package io.nostale.systemtest;

import io.nostale.systemtest.Db.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * The first benchmark (docs/benchmarks.md): the real product on the embedded stack, driven with plain SQL.
 *
 * <ol>
 * <li>Live latency: writers commit single-row updates at a steady rate; a subscribed page's socket records, per
 * change, the time from the writer's COMMIT returning to the change frame arriving (the page model applies it
 * on arrival). Reports p50/p99 per run.</li>
 * <li>Catch-up: a page is rendered, then N changes are committed, then the page connects; reports the time from
 * sending subscribe to the caught-up frame.</li>
 * </ol>
 * Every run repeats both; the summary gives medians across runs. Bounded in count and time; loopback only.
 */
public final class LatencyBenchmark {

    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    private static final int RATE = Integer.getInteger("bench.rate", 1_000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int MISSED = Integer.getInteger("bench.missed", 1_000);
    private static final int WRITERS = 4;
    private static final int ROOMS = 64;

    private LatencyBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run();
            System.exit(0);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            System.exit(1); // the embedded broker's threads would otherwise keep the JVM alive
        }
    }

    private static void run() throws Exception {
        SystemUnderTest sut = SystemUnderTest.get();
        Db db = new Db(sut);
        User owner = db.user("bench-owner");
        User reader = db.user("bench-reader");
        List<Long> rooms = new ArrayList<>();
        for (int i = 0; i < ROOMS; i++) {
            rooms.add(db.room("load-" + i, owner));
        }
        RendererSession session = RendererSession.login(sut.rendererUrl(), reader.username(), Db.PASSWORD);
        warmUp(sut, session, rooms);

        List<double[]> live = new ArrayList<>();
        List<Double> catchUp = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            double[] p = liveLatency(sut, session, rooms, RATE, SECONDS);
            double c = catchUpMillis(sut, session, rooms, MISSED);
            live.add(p);
            catchUp.add(c);
            System.out.printf("run %d: live %d changes/s for %d s: commit->page p50 %.1f ms, p99 %.1f ms (commit->topic p50 %.1f, p99 %.1f), delivered %d/%d; catch-up of %d missed changes: %.0f ms%n",
                    run, RATE, SECONDS, p[0], p[1], p[4], p[5], (long) p[2], (long) p[3], MISSED, c);
        }
        double p50 = median(live.stream().map(p -> p[0]).toList());
        double capture50 = median(live.stream().map(p -> p[4]).toList());
        System.out.printf("SUMMARY (median of %d runs) at %d changes/s: commit->page p50 %.1f ms, p99 %.1f ms; commit->topic p50 %.1f ms, p99 %.1f ms;"
                + " capture share of p50 %.0f%%; catch-up of %d missed changes %.0f ms%n",
                RUNS, RATE, p50, median(live.stream().map(p -> p[1]).toList()), capture50,
                median(live.stream().map(p -> p[5]).toList()), 100 * capture50 / p50, MISSED, median(catchUp));
        sut.product.close();
    }

    private static void warmUp(SystemUnderTest sut, RendererSession session, List<Long> rooms) throws Exception {
        // Full rate, discarded: all three services JIT-compile their hot paths before anything is measured.
        liveLatency(sut, session, rooms, RATE, 5);
        catchUpMillis(sut, session, rooms, MISSED);
    }

    /** {p50, p99, delivered, committed} in milliseconds / counts. */
    private static double[] liveLatency(SystemUnderTest sut, RendererSession session, List<Long> rooms, int rate, int seconds)
            throws Exception {
        RenderedHome page = session.home();
        // Both sides record their own time; joined afterwards, so a frame that beats the writer's bookkeeping counts.
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
        Map<String, Long> onTopicAt = new ConcurrentHashMap<>();
        AtomicLong sequence = new AtomicLong();
        long total = (long) rate * seconds;
        try (LiveClient client = LiveClient.subscribe(page, sut.rendererUrl(), "")) {
            client.changesUntilCaughtUp();
            Thread receiver = new Thread(() -> receive(client, arrivedAt), "bench-receiver");
            receiver.setDaemon(true);
            receiver.start();
            java.util.concurrent.atomic.AtomicBoolean tailing = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread topicTail = new Thread(() -> tailTopic(sut, onTopicAt, tailing), "bench-topic-tail");
            topicTail.setDaemon(true);
            topicTail.start();
            runWriters(sut, rooms, rate, total, sequence, committedAt);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> arrivedAt.keySet().containsAll(committedAt.keySet()));
            receiver.interrupt();
            tailing.set(false);
            topicTail.join();
        }
        List<Double> endToEnd = new ArrayList<>();
        List<Double> capture = new ArrayList<>();
        committedAt.forEach((title, committed) -> {
            Long arrived = arrivedAt.get(title);
            if (arrived != null) {
                endToEnd.add((arrived - committed) / 1e6);
            }
            Long onTopic = onTopicAt.get(title);
            if (onTopic != null) {
                capture.add((onTopic - committed) / 1e6);
            }
        });
        Collections.sort(endToEnd);
        Collections.sort(capture);
        return new double[] {percentile(endToEnd, 0.50), percentile(endToEnd, 0.99), endToEnd.size(), total,
                percentile(capture, 0.50), percentile(capture, 0.99)};
    }

    /** Records when each benchmark change becomes readable on the topic: the capture half of the latency. */
    private static void tailTopic(SystemUnderTest sut, Map<String, Long> onTopicAt, java.util.concurrent.atomic.AtomicBoolean tailing) {
        org.apache.kafka.common.TopicPartition partition = new org.apache.kafka.common.TopicPartition("nostale.changes", 0);
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                Map.of("bootstrap.servers", sut.stack.kafkaBootstrapServers(), "fetch.max.wait.ms", 5),
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            while (tailing.get()) {
                for (var record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    // the new title is in "after"; "before" holds the room's previous one
                    int after = record.value().indexOf("\"after\":");
                    int at = after < 0 ? -1 : record.value().indexOf("\"title\":\"bench-", after);
                    if (at >= 0) {
                        int start = at + 9;
                        onTopicAt.putIfAbsent(record.value().substring(start, record.value().indexOf('"', start)), now);
                    }
                }
            }
        }
    }

    private static void receive(LiveClient client, Map<String, Long> arrivedAt) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                JsonNode frame = client.next();
                long arrived = System.nanoTime();
                String title = frame.path("after").path("title").asString();
                if (title.startsWith("bench-")) {
                    arrivedAt.putIfAbsent(title, arrived);
                }
            }
        } catch (InterruptedException | AssertionError e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Paced writers: each commits one rename at a time, together {@code rate} per second. */
    private static void runWriters(SystemUnderTest sut, List<Long> rooms, int rate, long total, AtomicLong sequence,
            Map<String, Long> committedAt) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        String run = Long.toString(System.nanoTime(), 36); // titles unique across runs
        CountDownLatch done = new CountDownLatch(WRITERS);
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * WRITERS / rate;
        for (int w = 0; w < WRITERS; w++) {
            writers.execute(() -> {
                try (Connection connection = sut.connect();
                        PreparedStatement rename = connection.prepareStatement("UPDATE chat_room SET title = ? WHERE id = ?")) {
                    long next = System.nanoTime();
                    long n;
                    while ((n = sequence.getAndIncrement()) < total) {
                        while (System.nanoTime() < next) {
                            Thread.onSpinWait();
                        }
                        next += intervalNanos;
                        String title = "bench-" + run + "-" + n;
                        rename.setString(1, title);
                        rename.setLong(2, rooms.get((int) (n % rooms.size())));
                        rename.executeUpdate(); // autocommit: returns once committed
                        committedAt.put(title, System.nanoTime());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        writers.shutdown();
    }

    private static double catchUpMillis(SystemUnderTest sut, RendererSession session, List<Long> rooms, int missed) throws Exception {
        RenderedHome page = session.home();
        long endBefore = topicEnd(sut);
        try (Connection connection = sut.connect();
                PreparedStatement rename = connection.prepareStatement("UPDATE chat_room SET title = ? WHERE id = ?")) {
            for (int i = 0; i < missed; i++) {
                rename.setString(1, "missed-" + i);
                rename.setLong(2, rooms.get(i % rooms.size()));
                rename.executeUpdate();
            }
        }
        // Wait until the relay has put them all on the topic, so the measurement is replay, not capture.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> topicEnd(sut) >= endBefore + missed);
        long start = System.nanoTime();
        try (LiveClient client = LiveClient.subscribe(page, sut.rendererUrl(), "")) {
            int replayed = client.changesUntilCaughtUp().size();
            double millis = (System.nanoTime() - start) / 1e6;
            if (replayed < missed) {
                throw new IllegalStateException("replayed " + replayed + " of " + missed + " missed changes");
            }
            return millis;
        }
    }

    private static long topicEnd(SystemUnderTest sut) {
        org.apache.kafka.common.TopicPartition partition = new org.apache.kafka.common.TopicPartition("nostale.changes", 0);
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                Map.of("bootstrap.servers", sut.stack.kafkaBootstrapServers()),
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.StringDeserializer())) {
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return percentile(sorted, 0.5);
    }
}
