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

    public static void main(String[] args) throws Exception {
        SystemUnderTest sut = SystemUnderTest.get();
        Db db = new Db(sut);
        User owner = db.user("bench-owner");
        User reader = db.user("bench-reader");
        List<Long> rooms = new ArrayList<>();
        for (int i = 0; i < ROOMS; i++) {
            rooms.add(db.room("bench-" + i, owner));
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
            System.out.printf("run %d: live %d changes/s for %d s: p50 %.1f ms, p99 %.1f ms, delivered %d/%d; catch-up of %d missed changes: %.0f ms%n",
                    run, RATE, SECONDS, p[0], p[1], (long) p[2], (long) p[3], MISSED, c);
        }
        System.out.printf("SUMMARY (median of %d runs): live p50 %.1f ms, live p99 %.1f ms at %d changes/s; catch-up of %d: %.0f ms%n",
                RUNS, median(live.stream().map(p -> p[0]).toList()), median(live.stream().map(p -> p[1]).toList()), RATE,
                MISSED, median(catchUp));
        sut.product.close();
        System.exit(0);
    }

    private static void warmUp(SystemUnderTest sut, RendererSession session, List<Long> rooms) throws Exception {
        liveLatency(sut, session, rooms, 200, 3);
        catchUpMillis(sut, session, rooms, 200);
    }

    /** {p50, p99, delivered, committed} in milliseconds / counts. */
    private static double[] liveLatency(SystemUnderTest sut, RendererSession session, List<Long> rooms, int rate, int seconds)
            throws Exception {
        RenderedHome page = session.home();
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong sequence = new AtomicLong();
        try (LiveClient client = LiveClient.subscribe(page, sut.rendererUrl(), "")) {
            client.changesUntilCaughtUp();
            Thread receiver = new Thread(() -> receive(client, committedAt, latencies), "bench-receiver");
            receiver.setDaemon(true);
            receiver.start();
            long total = (long) rate * seconds;
            runWriters(sut, rooms, rate, total, sequence, committedAt);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (latencies.size() < total && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            receiver.interrupt();
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return new double[] {percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.size(), total};
        }
    }

    private static void receive(LiveClient client, Map<String, Long> committedAt, List<Double> latencies) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                JsonNode frame = client.next();
                long arrived = System.nanoTime();
                Long committed = committedAt.remove(frame.path("after").path("title").asString());
                if (committed != null) {
                    latencies.add((arrived - committed) / 1e6);
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
                        String title = "bench-" + n;
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
