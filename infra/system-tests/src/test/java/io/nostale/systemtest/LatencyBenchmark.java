package io.nostale.systemtest;

import io.nostale.embedded.launch.ServiceProcess;
import io.nostale.systemtest.Db.User;
import io.nostale.systemtest.LatencyReport.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/**
 * The latency benchmark (docs/benchmarks.md): the real product on the embedded stack, driven with plain SQL.
 *
 * <ol>
 * <li>Live latency: writers commit single-row updates at a steady rate; a subscribed page's socket records, per
 * change, the time from the writer's COMMIT returning to the change frame arriving (the page model applies it on
 * arrival). In the same run, on the same commits: a reader of the change topic (commit → topic, the relay's share)
 * and the {@link FloorPath floor} of this machine (a bare pgoutput stream → Kafka → consumer). Reports p50/p99 of
 * each and the ratios to the floor.</li>
 * <li>Catch-up: a page is rendered, then N changes are committed, then the page connects; reports the time from
 * sending subscribe to the caught-up frame.</li>
 * </ol>
 * Every run repeats both; the summary gives medians across the runs after the warm-up runs. Bounded in count and
 * time; loopback only.
 *
 * <p>Options (system properties): {@code bench.runs} (7), {@code bench.warmup-runs} (12, reported but not in the
 * medians), {@code bench.rate} (1000 changes/s), {@code bench.seconds} (10), {@code bench.missed} (1000). {@code bench.candidate-jar=<cdc-relay exec jar>} and/or
 * {@code bench.candidate=K=V,...} run a {@link CandidateRelay} from that build and/or with that environment beside
 * the product's, and report its commit → topic and CPU next to the product relay's.
 */
public final class LatencyBenchmark {

    private static final int RUNS = Integer.getInteger("bench.runs", 7);
    private static final int WARM_UP_RUNS = Integer.getInteger("bench.warmup-runs", 12);
    private static final int RATE = Integer.getInteger("bench.rate", 1_000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int MISSED = Integer.getInteger("bench.missed", 1_000);
    private static final Map<String, String> CANDIDATE_ENV = env(System.getProperty("bench.candidate", ""));
    private static final String CANDIDATE_JAR = System.getProperty("bench.candidate-jar", "");
    private static final boolean WITH_CANDIDATE = !CANDIDATE_ENV.isEmpty() || !CANDIDATE_JAR.isEmpty();
    private static final String CHANGE_TOPIC = "nostale.changes";
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

    /** What a run's changes are read from besides the page: the product's topic, the floor, a candidate's topic. */
    private record Paths(TopicArrivals topic, FloorPath floor, TopicArrivals candidateTopic,
                         CandidateRelay candidate) {
    }

    private static void run() throws Exception {
        System.out.printf("load before start: %s%n", loadAverage());
        SystemUnderTest sut = SystemUnderTest.forBenchmark();
        Db db = new Db(sut);
        User owner = db.user("bench-owner");
        User reader = db.user("bench-reader");
        List<Long> rooms = new ArrayList<>();
        for (int i = 0; i < ROOMS; i++) {
            rooms.add(db.room("load-" + i, owner));
        }
        RendererSession session = RendererSession.login(sut.rendererUrl(), reader.username(), Db.PASSWORD);
        String kafka = sut.stack.kafkaBootstrapServers();
        LatencyReport report = new LatencyReport(WITH_CANDIDATE, MISSED);
        if (WITH_CANDIDATE) {
            System.out.printf("candidate relay beside the product's: %s%s%n", CANDIDATE_ENV,
                    CANDIDATE_JAR.isEmpty() ? "" : " from " + CANDIDATE_JAR);
        }
        try (CandidateRelay candidate = WITH_CANDIDATE
                ? CandidateRelay.start(sut, CANDIDATE_ENV, CANDIDATE_JAR.isEmpty() ? null : Path.of(CANDIDATE_JAR))
                : null;
                TopicArrivals candidateTopic = candidate == null ? null
                        : TopicArrivals.start(kafka, CandidateRelay.TOPIC, LatencyBenchmark::changeTitle);
                TopicArrivals topic = TopicArrivals.start(kafka, CHANGE_TOPIC, LatencyBenchmark::changeTitle);
                FloorPath floor = FloorPath.start(sut)) {
            Paths paths = new Paths(topic, floor, candidateTopic, candidate);
            // Full runs, left out of the medians: on two cores the JVMs (services, broker, floor) settle only after
            // about two minutes at full rate; until then the relay falls seconds behind and catches up.
            for (int w = 1; w <= WARM_UP_RUNS; w++) {
                report.warmUp(w, live(sut, session, rooms, paths, SECONDS).withCatchUp(catchUpMillis(sut, session, rooms, MISSED)));
            }
            for (int r = 1; r <= RUNS; r++) {
                report.add(live(sut, session, rooms, paths, SECONDS).withCatchUp(catchUpMillis(sut, session, rooms, MISSED)));
            }
        }
        report.print(RATE);
        System.out.printf("load at the end: %s%n", loadAverage());
        sut.product.close();
    }

    private static Run live(SystemUnderTest sut, RendererSession session, List<Long> rooms, Paths paths, int seconds)
            throws Exception {
        String load = loadAverage().split(" ")[0];
        RenderedHome home = session.home();
        // Each side records its own time; joined afterwards, so a frame that beats the writer's bookkeeping counts.
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
        long total = (long) RATE * seconds;
        double cpuBefore;
        double candidateCpuBefore;
        try (LiveClient client = LiveClient.subscribe(home, sut.rendererUrl(), "")) {
            client.changesUntilCaughtUp();
            Thread receiver = new Thread(() -> receive(client, arrivedAt), "bench-receiver");
            receiver.setDaemon(true);
            receiver.start();
            cpuBefore = cpuMillis(sut.product.relay());
            candidateCpuBefore = paths.candidate() == null ? Double.NaN : cpuMillis(paths.candidate().process());
            runWriters(sut, rooms, RATE, total, committedAt);
            // every commit on every path, so that no percentile leaves out the slowest
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> arrivedAt.keySet().containsAll(committedAt.keySet())
                    && paths.topic().arrivedAt().keySet().containsAll(committedAt.keySet())
                    && paths.floor().arrivedAt().keySet().containsAll(committedAt.keySet())
                    && (paths.candidateTopic() == null
                        || paths.candidateTopic().arrivedAt().keySet().containsAll(committedAt.keySet())));
            receiver.interrupt();
        }
        double relayCpu = (cpuMillis(sut.product.relay()) - cpuBefore) * 1000 / total;
        double candidateCpu = paths.candidate() == null ? Double.NaN
                : (cpuMillis(paths.candidate().process()) - candidateCpuBefore) * 1000 / total;
        List<Double> page = latencies(committedAt, arrivedAt);
        List<Double> topic = latencies(committedAt, paths.topic().arrivedAt());
        List<Double> floor = latencies(committedAt, paths.floor().arrivedAt());
        List<Double> candidate = paths.candidateTopic() == null ? List.of()
                : latencies(committedAt, paths.candidateTopic().arrivedAt());
        return new Run(load, committedAt.size(), p(page, 0.50), p(page, 0.99), p(topic, 0.50), p(topic, 0.99), p(floor, 0.50),
                p(floor, 0.99), p(candidate, 0.50), p(candidate, 0.99), relayCpu, candidateCpu, Double.NaN);
    }

    private static double p(List<Double> sorted, double p) {
        return LatencyReport.percentile(sorted, p);
    }

    /** Sorted milliseconds from each commit to its arrival. */
    private static List<Double> latencies(Map<String, Long> committedAt, Map<String, Long> arrivedAt) {
        List<Double> millis = new ArrayList<>(committedAt.size());
        committedAt.forEach((title, committed) -> millis.add((arrivedAt.get(title) - committed) / 1e6));
        Collections.sort(millis);
        return millis;
    }

    /** The new title of a benchmark rename on a change topic (JSON of a ChangeEvent), or null. */
    private static String changeTitle(byte[] value) {
        String json = new String(value, StandardCharsets.UTF_8);
        // the new title is in "after"; "before" holds the room's previous one
        int after = json.indexOf("\"after\":");
        int at = after < 0 ? -1 : json.indexOf("\"title\":\"bench-", after);
        if (at < 0) {
            return null;
        }
        int start = at + "\"title\":\"".length();
        return json.substring(start, json.indexOf('"', start));
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

    /** Paced writers: each commits one rename at a time on a fixed schedule, together {@code rate} per second. */
    private static void runWriters(SystemUnderTest sut, List<Long> rooms, int rate, long total,
                                   Map<String, Long> committedAt) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        AtomicLong sequence = new AtomicLong();
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
                        // parked, not spun: four spinning writers would keep both cores busy and delay every
                        // thread the benchmark measures (PostgreSQL, the relay, the broker, the gateway, the floor)
                        for (long wait; (wait = next - System.nanoTime()) > 0; ) {
                            LockSupport.parkNanos(wait);
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
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> topicEnd(sut) >= endBefore + missed);
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
        TopicPartition partition = new TopicPartition(CHANGE_TOPIC, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", sut.stack.kafkaBootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    /** {@code K=V,K=V} → map; empty for an empty text. */
    private static Map<String, String> env(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        // a comma starts a new pair only before KEY=, so values may hold commas (e.g. JAVA_TOOL_OPTIONS)
        for (String pair : text.split(",(?=[A-Z_][A-Z0-9_]*=)")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected K=V, got '" + pair + "'");
            }
            env.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return env;
    }

    /** CPU time (user + system) the service's JVM used so far, in milliseconds; from /proc (Linux). */
    private static double cpuMillis(ServiceProcess service) {
        long pid = service.pid().orElseThrow();
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
            return ticks * 1000.0 / 100; // USER_HZ
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
