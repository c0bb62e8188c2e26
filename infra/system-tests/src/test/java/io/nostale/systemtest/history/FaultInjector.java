package io.nostale.systemtest.history;

import static org.awaitility.Awaitility.await;

import io.nostale.systemtest.SystemUnderTest;
import io.nostale.systemtest.history.HistoryRun.Fault;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The faults of a history, one after the other, spread over the write phase. Each leaves the product running
 * again (or records a violation saying it did not come back); what they did to pages is the checker's business.
 */
final class FaultInjector implements Visit.Chaos {

    /**
     * How long a slow client stops reading: once its socket buffers are full (they can absorb several MB on
     * loopback), the gateway's 10 s send time limit must pass, and its check runs on the next frame or heartbeat
     * tick (10 s): 25 s covers both.
     */
    static final Duration STALL = Duration.ofSeconds(25);
    /** How long capture stays frozen and Kafka unreachable: twice the pages' 15 s freshness, so they show delayed. */
    static final Duration OUTAGE = Duration.ofSeconds(30);
    /** How long commits stay held invisible before pages render: past the gateway's 30 s visibility window. */
    static final Duration HELD = Duration.ofSeconds(35);
    private static final String TOPIC = "nostale.changes";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Renames of 100,000-character titles: ~8 MB of frames per page, enough to fill a stalled page's socket buffers. */
    private static final int BURST_RENAMES = 40;
    private static final int TITLE_CHARS = 100_000;

    private final SystemUnderTest sut;
    private final World world;
    private final HistoryChecker checker;
    private final HistoryGenerator generator;
    private final List<Visit> visits;
    private final Random random;
    private volatile boolean dropping = true;
    private volatile boolean raceOpen;

    FaultInjector(SystemUnderTest sut, World world, HistoryChecker checker, HistoryGenerator generator,
            List<Visit> visits, long seed) {
        this.sut = sut;
        this.generator = generator;
        this.world = world;
        this.checker = checker;
        this.visits = visits;
        this.random = new Random(seed);
    }

    @Override
    public boolean dropping() {
        return dropping;
    }

    @Override
    public boolean raceOpen() {
        return raceOpen;
    }

    void stopDropping() {
        dropping = false;
    }

    void inject(Set<Fault> faults, long writeMillis) {
        long gap = writeMillis / (faults.size() + 1);
        for (Fault fault : faults) {
            try {
                Thread.sleep(gap); // spread the faults over the write phase
                System.out.println("history: injecting " + fault);
                switch (fault) {
                    case RELAY_KILL -> {
                        sut.product.relay().kill();
                        sut.product.restart(sut.product.relay());
                    }
                    case GATEWAY_RESTART -> sut.product.restart(sut.product.gateway());
                    case KAFKA_RESTART -> {
                        sut.stack.restartKafka();
                        sut.product.relay().awaitReady(Duration.ofSeconds(90));
                        sut.product.gateway().awaitReady(Duration.ofSeconds(90));
                    }
                    case POSTGRES_RESTART -> {
                        sut.stack.restartPostgres();
                        sut.product.renderer().awaitReady(Duration.ofSeconds(90));
                        sut.product.relay().awaitReady(Duration.ofSeconds(90));
                    }
                    case SLOW_CLIENT -> slowClients();
                    case TRUNCATE -> truncates();
                    case VISIBILITY_RACE -> forcedRace(Duration.ZERO);
                    case COMMIT_HELD_PAST_WINDOW -> forcedRace(HELD);
                    case CAPTURE_FROZEN -> frozen(sut.product.relay());
                    case SLOT_INVALIDATED -> slotInvalidated();
                    case KAFKA_UNREACHABLE -> {
                        sut.stack.stopKafka();
                        try {
                            Thread.sleep(OUTAGE.toMillis()); // the outage's length is the fault
                        } finally {
                            sut.stack.startKafka();
                        }
                        sut.product.relay().awaitReady(Duration.ofSeconds(90));
                        sut.product.gateway().awaitReady(Duration.ofSeconds(90));
                    }
                }
                checker.fault(fault.name());
                System.out.println("history: " + fault + " done");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | SQLException e) {
                checker.violation("faults", "the product did not come back after " + fault, e.toString());
            }
        }
    }

    /**
     * A few live pages stop reading while big frames arrive (renames of a room on no page, with long titles: every
     * home page receives room titles): the gateway must drop the stalled ones (4409 slow-client) rather than buffer
     * without bound, and each must reload into a correct page. The others read on.
     */
    private void slowClients() throws SQLException {
        long before = checker.resyncs("slow-client");
        int stalled;
        try {
            // Pages come and go (drops, reloads, other faults): wait until at least one is live to stall.
            stalled = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> stallSome(3), count -> count > 0);
        } catch (ConditionTimeoutException e) {
            checker.violation("faults", "slow client: no live page to stall within 60 s", "visits: " + visits.size());
            return;
        }
        long ballast = ballastRoom();
        try (Connection connection = sut.connect(); PreparedStatement rename = connection.prepareStatement(
                "UPDATE chat_room SET title = ? WHERE id = ?")) {
            for (int i = 0; i < BURST_RENAMES; i++) {
                rename.setString(1, "~ballast " + i + " " + letters(TITLE_CHARS));
                rename.setLong(2, ballast);
                rename.executeUpdate();
            }
            rename.setString(1, "~ballast");
            rename.executeUpdate();
        }
        checker.add("slow-client burst bytes per page (approx.)", 2L * BURST_RENAMES * TITLE_CHARS);
        try {
            await().atMost(STALL.plusSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> checker.resyncs("slow-client") > before);
        } catch (ConditionTimeoutException e) {
            System.out.println("history: no slow-client resync within " + STALL.plusSeconds(30) + " of stalling " + stalled + " pages");
        }
    }

    /**
     * {@code TRUNCATE} while pages are open: first of a table home pages do not show (messages: no page may be
     * disturbed), then, a moment later, of it and of one they do (join requests) in one statement, whose records share
     * a position (D22). Every page read before the second that reaches it must be told {@code resync truncated}; the
     * checker finds them by the truncates' transaction ids and the offsets of their records, read from the topic here.
     * The world goes on without the requests: writers make new ones, pages reload and show what is left.
     */
    private void truncates() throws SQLException, InterruptedException {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        try (KafkaConsumer<String, String> topic = new KafkaConsumer<>(Map.<String, Object>of(
                "bootstrap.servers", sut.stack.kafkaBootstrapServers(), "enable.auto.commit", "false"),
                new StringDeserializer(), new StringDeserializer())) {
            topic.assign(List.of(partition));
            long from = topic.endOffsets(List.of(partition)).get(partition);
            Map<String, Long> statements = new LinkedHashMap<>();
            statements.put("TRUNCATE chat_message", truncate("TRUNCATE chat_message"));
            Thread.sleep(1_500); // pages render between the two statements too
            statements.put("TRUNCATE chat_message, chat_room_join_request",
                    truncate("TRUNCATE chat_message, chat_room_join_request"));
            topic.seek(partition, from);
            Set<Long> wanted = new HashSet<>();
            statements.values().forEach(xid -> wanted.add(xid & 0xFFFF_FFFFL));
            Map<Long, Map<String, Long>> offsets = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!found(offsets, statements)) {
                if (System.nanoTime() > deadline) {
                    checker.violation("faults", "truncate: the relay did not publish the truncate records within 60 s",
                            "found " + offsets + " for " + statements);
                    return;
                }
                for (ConsumerRecord<String, String> record : topic.poll(Duration.ofMillis(200))) {
                    Header kind = record.headers().lastHeader("nostale-kind");
                    if (kind == null || !"truncate".equals(new String(kind.value(), StandardCharsets.UTF_8))) {
                        continue;
                    }
                    JsonNode truncate = JSON.readTree(record.value());
                    long xid32 = truncate.path("txId").asLong();
                    if (wanted.contains(xid32)) { // the first record of each table: later ones are a relay's replays
                        offsets.computeIfAbsent(xid32, x -> new HashMap<>())
                                .putIfAbsent(truncate.path("table").asString(), record.offset());
                    }
                }
            }
            statements.forEach((statement, xid) -> checker.truncated(new HistoryChecker.Truncate(statement, xid,
                    Map.copyOf(offsets.get(xid & 0xFFFF_FFFFL)))));
        }
    }

    /** Every table of every statement has its record. */
    private static boolean found(Map<Long, Map<String, Long>> offsets, Map<String, Long> statements) {
        return statements.entrySet().stream().allMatch(statement -> offsets.getOrDefault(
                statement.getValue() & 0xFFFF_FFFFL, Map.of()).size() == statement.getKey().split(",").length);
    }

    /** Runs one statement in its own transaction; returns the transaction's 64-bit id. */
    private long truncate(String sql) throws SQLException {
        try (Connection connection = sut.connect()) {
            connection.setAutoCommit(false);
            long xid;
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
                try (ResultSet row = statement.executeQuery("SELECT pg_current_xact_id()::text::bigint")) {
                    row.next();
                    xid = row.getLong(1);
                }
            }
            connection.commit();
            checker.count("truncate statements");
            return xid;
        }
    }

    /** Stalls up to {@code most} live pages, chosen at random; how many it stalled. */
    private int stallSome(int most) {
        List<Visit> candidates = new ArrayList<>(visits);
        Collections.shuffle(candidates, random);
        int stalled = 0;
        for (Visit visit : candidates) {
            if (stalled < most && visit.stall(STALL)) {
                stalled++;
            }
        }
        return stalled;
    }

    private String letters(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    /**
     * The visibility race (docs/timepoint.md), forced: commits wait for a synchronous standby that never answers, so
     * they are in WAL but invisible to new snapshots while pages render. Those pages' LSNs lie after commits their
     * snapshots lack. Writers of the fault's own make the held commits: the paced writers may have finished by the
     * time a fault late in a run comes (their share is spread over the write phase, the faults over much longer).
     */
    private void forcedRace(Duration hold) throws SQLException, InterruptedException {
        long rendersBefore = checker.count0(RACE_RENDERS);
        AtomicBoolean released = new AtomicBoolean();
        List<Thread> heldWriters = new ArrayList<>();
        synchronousStandby(SILENT_STANDBY);
        try {
            for (int i = 0; i < HELD_WRITERS; i++) {
                Random writerRandom = new Random(random.nextLong());
                Thread writer = new Thread(() -> generator.writeUntil(released::get, writerRandom), "history-held-" + i);
                writer.setDaemon(true);
                writer.start();
                heldWriters.add(writer);
            }
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> waitingCommits() > 0);
            // held past the window: pages rendered now find the held changes only from their timepoint's heldSince
            await().atMost(hold.plusSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> oldestWaitMillis() >= hold.toMillis());
            raceOpen = true;
            List<Visit> candidates = new ArrayList<>(visits);
            Collections.shuffle(candidates, random);
            candidates.stream().limit(6).forEach(Visit::revisit);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> checker.count0(RACE_RENDERS) >= rendersBefore + 3);
            checker.add("commits held in WAL but invisible (forced race)", waitingCommits());
            if (!hold.isZero()) {
                checker.add(HELD_RENDERS, checker.count0(RACE_RENDERS) - rendersBefore);
            }
        } finally {
            raceOpen = false;
            released.set(true);
            synchronousStandby("");
            for (Thread writer : heldWriters) {
                writer.join(Duration.ofSeconds(30).toMillis()); // released, each finishes its transaction
            }
        }
    }

    /**
     * Names the synchronous standby that commits asking for one wait for, or none (which releases every waiter); returns
     * once a new session sees the setting, as a reload is asynchronous.
     */
    private void synchronousStandby(String name) throws SQLException {
        execute(name.isEmpty() ? "ALTER SYSTEM RESET synchronous_standby_names"
                : "ALTER SYSTEM SET synchronous_standby_names = '" + name + "'");
        execute("SELECT pg_reload_conf()");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> name.equals(show("synchronous_standby_names")));
    }

    private String show(String setting) throws SQLException {
        try (Connection connection = sut.connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW " + setting)) {
            row.next();
            return row.getString(1);
        }
    }

    private static final String SILENT_STANDBY = "nostale_standby_that_never_answers";
    /** Writers of the forced race's own: each holds one commit at a time, as the paced writers do. */
    private static final int HELD_WRITERS = 3;

    static final String RACE_RENDERS = "renders while a commit waited invisible (forced race)";
    static final String HELD_RENDERS = "renders while a commit had waited invisible past the visibility window";

    /** How long the oldest commit waiting for the standby has waited (since its transaction began), in ms. */
    private long oldestWaitMillis() throws SQLException {
        try (Connection connection = sut.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT coalesce((extract(epoch FROM clock_timestamp()"
                        + " - min(xact_start)) * 1000)::bigint, 0) FROM pg_stat_activity WHERE wait_event = 'SyncRep'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Capture frozen: the relay's JVM stopped (SIGSTOP: its connections stay open, nothing moves) for {@link #OUTAGE},
     * then continued. Pages must show delayed meanwhile (the checker holds every live claim against the topic) and
     * converge after.
     */
    private void frozen(io.nostale.embedded.launch.ServiceProcess relay) throws InterruptedException, SQLException {
        long delayedBefore = checker.count0(DELAYED_FRAMES);
        signal(relay, "STOP");
        try {
            Thread.sleep(OUTAGE.toMillis()); // the outage's length is the fault
        } finally {
            signal(relay, "CONT");
        }
        checker.add(DELAYED_WHILE_FROZEN, checker.count0(DELAYED_FRAMES) - delayedBefore);
        relay.awaitReady(Duration.ofSeconds(90));
    }

    /**
     * The replication slot invalidated while the relay is away: relay stopped, {@code max_slot_wal_keep_size} lowered
     * to 32 MB, WAL switched and checkpointed until the slot's {@code wal_status} is {@code lost}, keep size restored,
     * relay started. It recreates the slot and announces a stream-start; open pages resync {@code stream-reset} and
     * reload (what was committed while the slot was lost was never captured: the reloads read it).
     */
    private void slotInvalidated() throws SQLException {
        io.nostale.embedded.launch.ServiceProcess relay = sut.product.relay();
        relay.stop();
        try (Connection connection = sut.connect(); Statement sql = connection.createStatement()) {
            String keep;
            try (ResultSet row = sql.executeQuery("SHOW max_slot_wal_keep_size")) {
                row.next();
                keep = row.getString(1);
            }
            try {
                sql.execute("ALTER SYSTEM SET max_slot_wal_keep_size = '32MB'");
                sql.execute("SELECT pg_reload_conf()");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    for (int segment = 0; segment < 3; segment++) {
                        sql.execute("SELECT txid_current()"); // a commit record: WAL to switch away from
                        sql.execute("SELECT pg_switch_wal()");
                    }
                    sql.execute("CHECKPOINT");
                    try (ResultSet row = sql.executeQuery(
                            "SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'nostale'")) {
                        return row.next() && "lost".equals(row.getString(1));
                    }
                });
                checker.count("replication slots invalidated");
            } finally {
                sql.execute("ALTER SYSTEM SET max_slot_wal_keep_size = '" + keep + "'");
                sql.execute("SELECT pg_reload_conf()");
                relay.start();
            }
        }
        relay.awaitReady(Duration.ofSeconds(120));
    }

    static final String DELAYED_FRAMES = "frames after which the page showed delayed";
    static final String DELAYED_WHILE_FROZEN = "frames after which a page showed delayed while capture was frozen";

    private static void signal(io.nostale.embedded.launch.ServiceProcess service, String signal)
            throws InterruptedException {
        long pid = service.pid().orElseThrow(() -> new IllegalStateException(service.name() + " is not running"));
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + ": " + output);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("kill -" + signal + " " + pid, e);
        }
    }

    private long waitingCommits() throws SQLException {
        try (Connection connection = sut.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private long ballastRoom() throws SQLException {
        try (Connection connection = sut.connect(); PreparedStatement s = connection.prepareStatement(
                "INSERT INTO chat_room (title, owner_id) VALUES ('~ballast', ?) RETURNING id")) {
            s.setLong(1, world.owner().id());
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = sut.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
