package io.nostale.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.systemtest.Db.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * guarantee 4 of docs/guarantees.md on the real product: when the gateway cannot prove a page complete it says so — a
 * resync
 * with its reason, close 4409 — and the page reloaded afterwards is correct and live. Never silence, never a
 * wrong page.
 *
 * <p>Runs last in the test JVM ({@link ClassOrderer.OrderAnnotation}, see junit-platform.properties): it recreates
 * the change topic and the replication slot, and truncates the topic, after which for one visibility window
 * (30 s) fresh pages anywhere are (rightly) told {@code history-expired}; its last case replaces the PostgreSQL
 * cluster by a restored one.
 */
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HonestFailureIT {

    private static final String TOPIC = "nostale.changes";
    private static final String SLOT = "nostale";
    private static final Pattern SLOW_DROPS = Pattern.compile("(?m)^nostale_gateway_slow_clients_dropped_total(?:\\{[^}]*})? (\\S+)$");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Above where a freshly initialized cluster holding the restored rows writes (0/19xxxxx in practice). */
    private static final long RESTORED_CLUSTER_BELOW = 0x4000000L;

    private final SystemUnderTest sut = sut();
    private final Db db = new Db(sut);

    /**
     * A caught-up page stops reading (a frozen tab) while frames of ~400 KB arrive, until the gateway drops it; when
     * it reads again it gets what was already on its way, then {@code resync slow-client} and close 4409.
     */
    @Test
    @Order(1)
    void aClientThatStopsReadingIsToldItIsTooSlow() throws Exception {
        User visitor = db.user("slow");
        User owner = db.user("owner");
        long joined = db.room("Slow", owner);
        db.admit(db.request(joined, visitor));
        long other = db.room("Meanwhile", owner);
        long ballast = db.room("~ballast", owner);
        RendererSession session = login(visitor);
        RenderedHome page = session.home();
        long meanwhile;
        try (LiveClient client = subscribe(page)) {
            client.changesUntilCaughtUp();
            client.stopReading();
            double droppedBefore = slowClientsDropped();
            Random random = new Random(7);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int renames = 0;
            while (slowClientsDropped() <= droppedBefore) { // every home page receives every room's title
                assertThat(System.nanoTime()).as("the gateway dropped the stalled page within 120 s (%d renames)", renames)
                        .isLessThan(deadline);
                db.rename(ballast, "~ballast " + renames++ + " " + letters(random, 200_000));
            }
            meanwhile = db.request(other, visitor);
            client.resumeReading();
            assertResync(client, "slow-client");
        }
        assertReloadIsCorrectAndLive(session, visitor, joined, meanwhile);
    }

    /**
     * The relay must announce the new slot (the request committed while there was none is in no stream) and then
     * capture from it, although Debezium's stored offsets still name the dropped slot's WAL. The reload's denial is
     * usually the new slot's first transaction, at position 0/0: the gateway must not take it for one the page
     * applied before the stream-start.
     */
    @Test
    @Order(2)
    void aRecreatedReplicationSlotResetsOpenPages() throws Exception {
        User visitor = db.user("slot");
        User owner = db.user("owner");
        long joined = db.room("Slot", owner);
        db.admit(db.request(joined, visitor));
        long other = db.room("Uncaptured", owner);
        RendererSession session = login(visitor);
        RenderedHome page = session.home();
        long uncaptured;
        try (LiveClient client = subscribe(page)) {
            client.changesUntilCaughtUp();
            sut.product.relay().kill();
            // the slot is active until its walsender notices the killed relay's connection is gone
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(this::dropSlot);
            uncaptured = db.request(other, visitor); // no slot: never captured
            sut.product.relay().start(); // creates the slot and writes a stream-start record
            sut.product.relay().awaitReady(Duration.ofSeconds(120));
            assertResync(client, "stream-reset");
        }
        assertReloadIsCorrectAndLive(session, visitor, joined, uncaptured);
    }

    @Test
    @Order(3)
    void aRecreatedChangeTopicResetsOpenPages() throws Exception {
        User visitor = db.user("topic");
        User owner = db.user("owner");
        long joined = db.room("Topic", owner);
        db.admit(db.request(joined, visitor));
        long other = db.room("Meanwhile", owner);
        RendererSession session = login(visitor);
        RenderedHome page = session.home();
        long meanwhile;
        try (LiveClient client = subscribe(page); Admin admin = admin()) {
            String oldStream = caughtUpStream(client);
            sut.product.relay().stop();
            admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(TOPIC));
            meanwhile = db.request(other, visitor); // captured by the kept slot, written to the new topic
            sut.product.relay().start(); // creates the topic again (a new topic id)
            sut.product.relay().awaitReady(Duration.ofSeconds(120));
            assertResync(client, "stream-reset");
            RenderedHome reloaded = session.home();
            try (LiveClient fresh = subscribe(reloaded)) {
                assertThat(caughtUpStream(fresh)).as("offsets now name the new topic").isNotEqualTo(oldStream);
            }
        }
        assertReloadIsCorrectAndLive(session, visitor, joined, meanwhile);
    }

    /**
     * It deletes the history every page rendered in the past 30 s needs; it ends once fresh pages are live again,
     * so what runs after it is unaffected.
     */
    @Test
    @Order(4)
    void aPageWhoseHistoryWasDeletedIsToldHistoryExpired() throws Exception {
        User visitor = db.user("expired");
        User owner = db.user("owner");
        long joined = db.room("Expired", owner);
        long request = db.request(joined, visitor);
        RendererSession session = login(visitor);
        RenderedHome page = session.home();
        RenderedHome witness = session.home();
        String admitted;
        try (LiveClient witnessClient = subscribe(witness)) {
            witnessClient.changesUntilCaughtUp();
            db.admit(request); // after both renders: the page must get it, and its records are about to vanish
            admitted = "chat_room_join_request UPDATE " + request + " admitted";
            witnessClient.changesThrough(c -> Changes.describe(c).equals(admitted)); // so its records are in Kafka
        }
        try (Admin admin = admin()) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(10, TimeUnit.SECONDS).offset();
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(end))).all().get(30, TimeUnit.SECONDS);
        }
        // The running gateway still holds the deleted records in memory, so it can still prove the page complete.
        try (LiveClient client = subscribe(page)) {
            assertThat(client.changesUntilCaughtUp()).extracting(Changes::describe).contains(admitted);
        }
        // A gateway started now holds only what Kafka retained: the page's history is gone, and it is told so.
        sut.product.restart(sut.product.gateway());
        try (LiveClient client = subscribe(page)) {
            assertResync(client, "history-expired");
        }
        RenderedHome reloaded = session.home();
        assertThat(reloaded.rows()).as("the reload shows what the deleted history held")
                .containsExactly(new RenderedHome.Row(joined, "joined"));
        // Until the visibility window has passed the deleted records, every fresh page is (rightly) told the same;
        // then pages are live again, which also leaves the product usable for anything that runs after this.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> liveWithoutResync(session));
    }

    /**
     * The database restored from a backup onto a new server (another system identifier, WAL positions that start
     * low again, no slot) while the services run. The relay reconnects, creates its slot and announces the new
     * system; a page read on the old database must not take the restored one's changes for its continuation: its
     * LSN proves nothing across systems, so the gateway compares read time with the slot's creation.
     */
    @Test
    @Order(5)
    void aDatabaseRestoredUnderAnotherSystemIdentifierResetsOpenPages() throws Exception {
        User visitor = db.user("restored");
        User owner = db.user("owner");
        long joined = db.room("Restored", owner);
        db.admit(db.request(joined, visitor));
        long other = db.room("After restore", owner);
        // so that the page's LSN lies above every position of the restored cluster: only the clocks can tell
        long readAbove = advanceWalTo(RESTORED_CLUSTER_BELOW);
        RendererSession session = login(visitor);
        RenderedHome page = session.home();
        String oldSystem = systemId();
        long afterRestore;
        try (LiveClient client = subscribe(page)) {
            client.changesUntilCaughtUp();
            sut.stack.restorePostgresAsNewCluster(HonestFailureIT::applyRendererMigrations);
            String newSystem = systemId();
            assertThat(newSystem).as("the restored cluster's system identifier").isNotEqualTo(oldSystem);
            JsonNode streamStart = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> streamStarts().stream().filter(r -> newSystem.equals(r.path("systemId").asString()))
                            .findFirst(), Optional::isPresent).orElseThrow();
            assertThat(lsn(streamStart.path("startLsn").asString())).as("the new slot starts below %s, the old WAL position before the page was read (%s)",
                    Long.toHexString(readAbove), streamStart).isLessThan(readAbove);
            afterRestore = db.request(other, visitor); // committed on the restored database, captured by the new slot
            List<JsonNode> frames = assertResync(client, "stream-reset");
            assertThat(frames).as("nothing of the restored database applied to the old page")
                    .noneMatch(f -> "change".equals(f.path("type").asString()));
        }
        assertReloadIsCorrectAndLive(session, visitor, joined, afterRestore);
    }

    /** The schema half of the restore: the renderer's own migrations, and Flyway's history of having applied them. */
    private static void applyRendererMigrations(Connection database) throws SQLException {
        Path migrations = sut().product.settings().projectDir().resolve("renderer/src/main/resources/db/migration");
        try (Stream<Path> files = Files.list(migrations); Statement statement = database.createStatement()) {
            List<Path> scripts = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"))))
                    .toList();
            assertThat(scripts).as("migrations in %s", migrations).isNotEmpty();
            for (Path script : scripts) {
                statement.execute(Files.readString(script));
            }
            // Flyway's own table (its rows are copied with the others), so a restarted renderer migrates nothing
            statement.execute("""
                    CREATE TABLE flyway_schema_history (
                        installed_rank integer NOT NULL CONSTRAINT flyway_schema_history_pk PRIMARY KEY,
                        version varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL,
                        script varchar(1000) NOT NULL, checksum integer, installed_by varchar(100) NOT NULL,
                        installed_on timestamp NOT NULL DEFAULT now(), execution_time integer NOT NULL,
                        success boolean NOT NULL);
                    CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success)""");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the renderer's migrations in " + migrations, e);
        }
    }

    private String systemId() throws SQLException {
        try (Connection connection = sut.connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
            row.next();
            return row.getString(1);
        }
    }

    /** Writes WAL (rows outside the publication) and switches segments until the position is at least {@code target}. */
    private long advanceWalTo(long target) throws SQLException {
        try (Connection connection = sut.connect(); Statement statement = connection.createStatement()) {
            long position = currentLsn(statement);
            while (position < target) {
                db.user("wal");
                statement.execute("SELECT pg_switch_wal()");
                position = currentLsn(statement);
            }
            return position;
        }
    }

    private static long currentLsn(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            row.next();
            return lsn(row.getString(1));
        }
    }

    private static long lsn(String text) {
        String[] halves = text.split("/");
        return (Long.parseLong(halves[0], 16) << 32) | Long.parseLong(halves[1], 16);
    }

    /** The stream-start records in the change topic, oldest first. */
    private List<JsonNode> streamStarts() {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        Map<String, Object> config = Map.of("bootstrap.servers", sut.stack.kafkaBootstrapServers(),
                "key.deserializer", ByteArrayDeserializer.class.getName(),
                "value.deserializer", ByteArrayDeserializer.class.getName(), "enable.auto.commit", "false");
        List<JsonNode> starts = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.key() != null && new String(record.key(), StandardCharsets.UTF_8).startsWith("stream-start:")) {
                        starts.add(JSON.readTree(record.value()));
                    }
                }
            }
        }
        return starts;
    }

    private void assertReloadIsCorrectAndLive(RendererSession session, User visitor, long joined, long pendingRequest)
            throws Exception {
        RenderedHome reloaded = session.home();
        long pendingRoom = db.queryLong("SELECT room_id FROM chat_room_join_request WHERE id = ?", pendingRequest);
        assertThat(reloaded.rows()).as("the reloaded page").containsExactlyInAnyOrder(
                new RenderedHome.Row(joined, "joined"), new RenderedHome.Row(pendingRoom, "pending"));
        try (LiveClient client = subscribe(reloaded)) {
            client.changesUntilCaughtUp();
            db.deny(pendingRequest);
            String denied = "chat_room_join_request UPDATE " + pendingRequest + " denied";
            assertThat(client.changesThrough(c -> Changes.describe(c).equals(denied))).as("the reloaded page is live")
                    .extracting(Changes::describe).contains(denied);
        }
    }

    private boolean dropSlot() throws Exception {
        try (Connection connection = sut.connect();
             PreparedStatement drop = connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
            drop.setString(1, SLOT);
            drop.execute();
            return true;
        }
    }

    private boolean liveWithoutResync(RendererSession session) throws Exception {
        try (LiveClient client = subscribe(session.home())) {
            JsonNode first = client.next();
            // heartbeats too: caught-up waits for the stream to pass the page's read, on a quiet database the relay's
            // next heartbeat, and the page may get a heartbeat of its own meanwhile
            while ("change".equals(first.path("type").asString()) || "heartbeat".equals(first.path("type").asString())) {
                first = client.next();
            }
            return "caught-up".equals(first.path("type").asString());
        }
    }

    private static List<JsonNode> assertResync(LiveClient client, String reason) throws Exception {
        List<JsonNode> frames = client.framesUntilClosed(Duration.ofSeconds(60));
        List<JsonNode> resyncs = frames.stream().filter(f -> "resync".equals(f.path("type").asString())).toList();
        String closed = client.closeCode.handle((c, error) -> c == null ? "error " + error : c.toString()).get(1, TimeUnit.SECONDS);
        assertThat(resyncs).as("a resync frame (close %s, frames %s)", closed, frames.stream().map(HonestFailureIT::summary).toList())
                .hasSize(1);
        assertThat(resyncs.get(0).path("reason").asString()).as(resyncs.get(0).toString()).isEqualTo(reason);
        assertThat(closed).isEqualTo("4409");
        return frames;
    }

    private static String caughtUpStream(LiveClient client) throws InterruptedException {
        while (true) {
            JsonNode frame = client.next();
            if ("caught-up".equals(frame.path("type").asString())) {
                return frame.path("stream").asString();
            }
        }
    }

    private double slowClientsDropped() throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + sut.product.settings().gatewayManagementPort() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher matcher = SLOW_DROPS.matcher(metrics.body());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static String summary(JsonNode frame) {
        String text = frame.toString();
        return text.length() > 300 ? text.substring(0, 300) + "…(" + text.length() + " chars)" : text;
    }

    private static String letters(Random random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    private static SystemUnderTest sut() {
        return SystemUnderTest.get();
    }

    private Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", sut.stack.kafkaBootstrapServers()));
    }

    private RendererSession login(User user) throws Exception {
        return RendererSession.login(sut.rendererUrl(), user.username(), Db.PASSWORD);
    }

    private LiveClient subscribe(RenderedHome page) {
        return LiveClient.subscribe(page, sut.rendererUrl(), "");
    }
}
