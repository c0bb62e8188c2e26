package io.nostale.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nostale.embedded.EmbeddedStack;
import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Lsn;
import io.nostale.wire.Operation;
import io.nostale.wire.RecordKind;
import io.nostale.wire.SigningKeys;
import io.nostale.wire.StreamStart;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.SubscriptionTokens;
import io.nostale.wire.Timepoint;
import io.nostale.wire.XidSnapshot;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway against a real Kafka broker and real WebSocket connections. Change records are produced the way
 * the relay writes them, with transaction ids chosen against each page's snapshot, so every delivery rule is
 * exercised deterministically.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayIT {

    private static final String ORIGIN = "http://localhost:8080";
    private static final String TOPIC = "gateway-it.changes";
    private static final String KEYS = "it:" + Base64.getEncoder().encodeToString("gateway-it-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Every page here was read after the capture started at 1/0, except where a test says otherwise. */
    private static final Lsn PAGE_LSN = Lsn.parse("FF/0");
    private static final AtomicLong USERS = new AtomicLong(1_000);
    private static final AtomicLong LSN = new AtomicLong(0x100_0000_0000L);

    private static EmbeddedStack stack;
    private static ConfigurableApplicationContext gateway;
    private static KafkaProducer<String, String> producer;
    private static SubscriptionTokens tokens;
    private static URI live;

    @BeforeAll
    static void startTopicAndGateway() throws Exception {
        stack = EmbeddedStack.shared();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
        send(RecordKind.STREAM_START, JSON.writeValueAsString(new StreamStart("it", "1", "1/0", System.currentTimeMillis() - 3_600_000)),
                System.currentTimeMillis() - 3_600_000);
        tokens = new SubscriptionTokens(SigningKeys.parse(KEYS), Clock.systemUTC());
        runGateway();
    }

    private static void runGateway() {
        gateway = new SpringApplicationBuilder(GatewayApplication.class).run(
                "--server.port=0",
                "--nostale.gateway.kafka-bootstrap-servers=" + stack.kafkaBootstrapServers(),
                "--nostale.gateway.topic=" + TOPIC,
                "--nostale.gateway.token-keys=" + KEYS,
                "--nostale.gateway.allowed-origins=" + ORIGIN,
                "--nostale.gateway.heartbeat-interval=1s",
                "--nostale.gateway.subscribe-timeout=2s",
                "--nostale.gateway.log-capacity=1000",
                "--nostale.gateway.max-connections-per-user=3",
                "--nostale.gateway.send-time-limit=2s");
        live = URI.create("ws://localhost:" + gateway.getEnvironment().getProperty("local.server.port") + "/live");
        await().atMost(Duration.ofSeconds(30)).until(() -> gateway.getBean(io.nostale.gateway.stream.TailFollower.class).isFollowing());
    }

    /** The gateway's metrics as Prometheus reads them, on its management port. */
    private static io.nostale.embedded.Prometheus scrape() {
        return io.nostale.embedded.Prometheus.scrape(
                Integer.parseInt(gateway.getEnvironment().getProperty("local.management.port")));
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    @Order(1)
    void replaysExactlyTheChangesInvisibleToThePageSnapshot() throws Exception {
        long user = USERS.incrementAndGet();
        Page page = page(user, XidSnapshot.of(1_000, 1_010, 1_005));
        change(1_003, "chat_room_join_request", user);   // committed before the read: already in the page
        long inProgress = change(1_005, "chat_room_join_request", user); // committed WAL-wise, invisible to the snapshot
        long later = change(1_012, "chat_room_member", user);            // started after the read
        change(1_013, "chat_room_member", user + 1);                     // another user's row

        try (LiveClient client = subscribe(page, "")) {
            assertThat(offsetOf(client.nextContent(), "change")).isEqualTo(inProgress);
            assertThat(offsetOf(client.nextContent(), "change")).isEqualTo(later);
            JsonNode caughtUp = client.nextContent();
            assertThat(caughtUp.path("type").asString()).isEqualTo("caught-up");
            long live = change(1_020, "chat_room_join_request", user);
            JsonNode liveChange = client.nextContent();
            assertThat(offsetOf(liveChange, "change")).isEqualTo(live);
            assertThat(liveChange.path("xid").asLong()).isEqualTo(1_020);
            assertThat(liveChange.path("after").path("user_id").asLong()).isEqualTo(user);
        }
    }

    @Test
    @Order(2)
    void dropsDuplicatesThatARelayRestartReSends() throws Exception {
        long user = USERS.incrementAndGet();
        Page page = page(user, XidSnapshot.of(2_000, 2_000));
        List<String> positions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            positions.add(nextPosition());
        }
        changeAt(2_001, "chat_room_join_request", user, positions.get(0));
        changeAt(2_002, "chat_room_join_request", user, positions.get(1));
        // The relay restarts and re-reads WAL from its last flushed offset: same positions again, then a new one.
        changeAt(2_001, "chat_room_join_request", user, positions.get(0));
        changeAt(2_002, "chat_room_join_request", user, positions.get(1));
        changeAt(2_003, "chat_room_join_request", user, positions.get(2));

        try (LiveClient client = subscribe(page, "")) {
            List<String> received = new ArrayList<>();
            JsonNode frame;
            while (!"caught-up".equals((frame = client.nextContent()).path("type").asString())) {
                received.add(frame.path("position").asString());
            }
            assertThat(received).containsExactlyElementsOf(positions);
        }
    }

    @Test
    @Order(3)
    void resumesAfterTheLastAppliedChange() throws Exception {
        long user = USERS.incrementAndGet();
        Page page = page(user, XidSnapshot.of(3_000, 3_000));
        change(3_001, "chat_room_join_request", user);
        JsonNode applied;
        try (LiveClient client = subscribe(page, "")) {
            applied = client.nextContent();
            assertThat(client.nextContent().path("type").asString()).isEqualTo("caught-up");
        }
        long missedWhileAway = change(3_002, "chat_room_join_request", user);
        String resume = ",\"resume\":{\"stream\":\"" + applied.path("stream").asString() + "\",\"offset\":"
                + applied.path("offset").asLong() + ",\"position\":\"" + applied.path("position").asString() + "\"}";
        try (LiveClient client = subscribe(page, resume)) {
            assertThat(offsetOf(client.nextContent(), "change")).isEqualTo(missedWhileAway);
            assertThat(client.nextContent().path("type").asString()).isEqualTo("caught-up");
        }
    }

    @Test
    @Order(4)
    void heartbeatsAdvanceTheResumePointOnQuietStreams() throws Exception {
        long user = USERS.incrementAndGet();
        Page page = page(user, XidSnapshot.of(4_000, 4_000));
        try (LiveClient client = subscribe(page, "")) {
            assertThat(client.next().path("type").asString()).isEqualTo("caught-up");
            long beat = change(4_001, ChangeEvent.HEARTBEAT_TABLE, user);
            JsonNode heartbeat;
            do {
                heartbeat = client.next();
                assertThat(heartbeat.path("type").asString()).isEqualTo("heartbeat");
            } while (heartbeat.path("offset").asLong() < beat);
            assertThat(heartbeat.path("offset").asLong()).isEqualTo(beat);
        }
    }

    @Test
    @Order(5)
    void refusesForgedTokensMalformedFramesAndTimepointMismatch() throws Exception {
        Page page = page(USERS.incrementAndGet(), XidSnapshot.of(5_000, 5_000));
        String forged = page.token.substring(0, page.token.length() - 2) + (page.token.endsWith("AA") ? "BB" : "AA");
        assertRefused("{\"type\":\"subscribe\",\"token\":\"" + forged + "\",\"timepoint\":\"" + page.timepoint + "\"}", 4401, "bad-token");
        assertRefused("{\"type\":\"subscribe\",\"token\":\"" + page.token + "\",\"timepoint\":\"" + page(1, XidSnapshot.of(9, 9)).timepoint + "\"}",
                4401, "bad-token");
        assertRefused("{\"type\":\"subscribe\",\"token\":\"" + page.token + "\",\"timepoint\":\"0/1@nope@x\"}", 4400, "bad-timepoint");
        assertRefused("{not json", 4400, "bad-message");
        assertRefused("{\"type\":\"subscribe\"}", 4400, "bad-message");
    }

    @Test
    @Order(6)
    void refusesForeignOriginsOversizedFramesAndSilentSockets() throws Exception {
        assertThatThrownBy(() -> LiveClient.connect(live, "https://evil.example"))
                .isInstanceOf(CompletionException.class).hasStackTraceContaining("403");
        try (LiveClient client = LiveClient.connect(live, ORIGIN)) {
            client.sendRaw("x".repeat(170_000));
            assertThat(client.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
        }
        try (LiveClient client = LiveClient.connect(live, ORIGIN)) {
            assertThat(client.next().path("code").asString()).isEqualTo("subscribe-timeout");
            assertThat(client.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4408);
        }
    }

    @Test
    @Order(7)
    void resyncsOpenPagesWhenCaptureRestartsAfterTheirRead() throws Exception {
        long user = USERS.incrementAndGet();
        Page page = page(user, XidSnapshot.of(7_000, 7_000), Lsn.parse("1/5"));
        try (LiveClient client = subscribe(page, "")) {
            assertThat(client.nextContent().path("type").asString()).isEqualTo("caught-up");
            // The replication slot is dropped and recreated further on: WAL between is lost to this page.
            send(RecordKind.STREAM_START, JSON.writeValueAsString(new StreamStart("it", "1", "2/0", System.currentTimeMillis())),
                    System.currentTimeMillis());
            JsonNode resync = client.nextContent();
            assertThat(resync.path("type").asString()).isEqualTo("resync");
            assertThat(resync.path("reason").asString()).isEqualTo("stream-reset");
            assertThat(client.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4409);
        }
        Page readAfterRestart = page(user, XidSnapshot.of(7_000, 7_000), PAGE_LSN, "0/0#2/8"); // the new capture's heartbeat
        try (LiveClient client = subscribe(readAfterRestart, "")) {
            assertThat(client.nextContent().path("type").asString())
                    .as("a page read after the restart crosses the same marker unharmed").isEqualTo("caught-up");
            // The new slot's first transaction has no previous commit: position 0/0#..., below every position of
            // the old stream that this page's replay went through. Positions compare within one capture only.
            long first = changeAt(7_001, "chat_room_join_request", user, "0/0#2/10");
            assertThat(offsetOf(client.nextContent(), "change")).isEqualTo(first);
        }
    }

    @Test
    @Order(7_5)
    void resyncsPagesReadBeforeCaptureRestartedOnARestoredDatabase() throws Exception {
        long user = USERS.incrementAndGet();
        // Read on the old database at a high LSN; the restored database's slot starts at a lower LSN.
        Page oldDatabasePage = page(user, XidSnapshot.of(7_600, 7_600), Lsn.parse("FF/0"));
        try (LiveClient client = subscribe(oldDatabasePage, "")) {
            assertThat(client.nextContent().path("type").asString()).isEqualTo("caught-up");
            long restoredAt = System.currentTimeMillis() + 1;
            send(RecordKind.STREAM_START, JSON.writeValueAsString(new StreamStart("it", "another-system", "1/0", restoredAt)), restoredAt);
            JsonNode resync = client.nextContent();
            assertThat(resync.path("type").asString()).isEqualTo("resync");
            assertThat(resync.path("reason").asString()).isEqualTo("stream-reset");
        }
    }

    @Test
    @Order(8)
    void resyncsWhenResumingIntoAnotherStream() throws Exception {
        Page page = page(USERS.incrementAndGet(), XidSnapshot.of(8_000, 8_000));
        try (LiveClient client = subscribe(page, ",\"resume\":{\"stream\":\"other\",\"offset\":0,\"position\":\"0/1#0/1\"}")) {
            JsonNode resync = client.nextContent();
            assertThat(resync.path("reason").asString()).isEqualTo("stream-reset");
            assertThat(client.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4409);
        }
    }

    @Test
    @Order(9)
    void refusesConnectionsBeyondTheUsersQuotaWithoutHurtingOthers() throws Exception {
        long user = USERS.incrementAndGet();
        List<LiveClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                LiveClient client = subscribe(page(user, XidSnapshot.of(9_500, 9_500)), "");
                assertThat(client.nextContent().path("type").asString()).isEqualTo("caught-up");
                held.add(client);
            }
            try (LiveClient flood = subscribe(page(user, XidSnapshot.of(9_500, 9_500)), "")) {
                assertThat(flood.next().path("code").asString()).isEqualTo("too-many-connections");
                assertThat(flood.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4429);
            }
            try (LiveClient other = subscribe(page(USERS.incrementAndGet(), XidSnapshot.of(9_500, 9_500)), "")) {
                assertThat(other.nextContent().path("type").asString()).as("other users are unaffected").isEqualTo("caught-up");
            }
            held.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (LiveClient again = subscribe(page(user, XidSnapshot.of(9_500, 9_500)), "")) {
                    assertThat(again.nextContent().path("type").asString()).as("a closed socket frees its slot").isEqualTo("caught-up");
                }
            });
        } finally {
            held.forEach(LiveClient::close);
        }
    }

    @Test
    @Order(10)
    void dropsAClientThatStopsReadingWithSlowClientResync() throws Exception {
        long user = USERS.incrementAndGet();
        long otherUser = USERS.incrementAndGet();
        double droppedBefore = scrape().value("nostale_gateway_slow_clients_dropped_total");
        double slowResyncsBefore = scrape().find("nostale_gateway_resyncs_total", "reason", "slow-client").orElse(0);
        try (LiveClient stalled = subscribe(page(user, XidSnapshot.of(10_000, 10_000)), "");
                LiveClient healthy = subscribe(page(otherUser, XidSnapshot.of(10_000, 10_000)), "")) {
            assertThat(stalled.nextContent().path("type").asString()).isEqualTo("caught-up");
            assertThat(healthy.nextContent().path("type").asString()).isEqualTo("caught-up");
            stalled.stopReading();
            String bulk = "x".repeat(8_000);
            for (int i = 0; i < 2_000; i++) { // ~16 MB for the stalled page: more than the socket buffers hold
                changeWith(10_001 + i, user, bulk);
            }
            long marker = change(12_500, "chat_room_member", otherUser);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> scrape().value("nostale_gateway_slow_clients_dropped_total") == droppedBefore + 1);
            assertThat(scrape().value("nostale_gateway_resyncs_total", "reason", "slow-client") - slowResyncsBefore)
                    .isEqualTo(1);
            JsonNode healthyChange;
            do {
                healthyChange = healthy.nextContent();
            } while (healthyChange.path("offset").asLong() < marker);
            assertThat(healthyChange.path("offset").asLong()).as("other pages keep flowing").isEqualTo(marker);
            stalled.resumeReading();
            assertThat(stalled.closeCode.handle((code, error) -> code == null ? -1 : code).get(30, TimeUnit.SECONDS))
                    .as("the stalled page reads what was on its way, then learns it must resync").isEqualTo(4409);
        }
    }

    @Test
    @Order(99) // near the end: it replaces the topic
    void resyncsEveryPageWhenTheTopicIsRecreated() throws Exception {
        long user = USERS.incrementAndGet();
        try (LiveClient client = subscribe(page(user, XidSnapshot.of(9_800, 9_800)), "")) {
            JsonNode caughtUp = client.nextContent();
            assertThat(caughtUp.path("type").asString()).isEqualTo("caught-up");
            String oldStream = caughtUp.path("stream").asString();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
                admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
                    return true;
                });
            }
            JsonNode resync = client.nextContent();
            assertThat(resync.path("type").asString()).isEqualTo("resync");
            assertThat(resync.path("reason").asString()).isEqualTo("stream-reset");

            send(RecordKind.STREAM_START, JSON.writeValueAsString(new StreamStart("it", "1", "1/0", System.currentTimeMillis() - 60_000)),
                    System.currentTimeMillis() - 60_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> gateway.getBean(io.nostale.gateway.stream.TailFollower.class)
                    .streamId().filter(id -> !id.equals(oldStream)).isPresent());
            long fresh = change(9_801, "chat_room_member", user);
            try (LiveClient reloaded = subscribe(page(user, XidSnapshot.of(9_800, 9_800)), "")) {
                JsonNode change = reloaded.nextContent();
                assertThat(offsetOf(change, "change")).isEqualTo(fresh);
                assertThat(change.path("stream").asString()).as("offsets now name the new topic").isNotEqualTo(oldStream);
            }
        }
    }

    @Test
    @Order(100) // last: it truncates the topic's history
    void resyncsWhenThePageIsOlderThanRetainedHistory() throws Exception {
        long user = USERS.incrementAndGet();
        long end = change(9_001, "chat_room_member", user) + 1;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            admin.deleteRecords(Map.of(new TopicPartition(TOPIC, 0), RecordsToDelete.beforeOffset(end))).all().get(30, TimeUnit.SECONDS);
        }
        // The running gateway still holds the deleted records in memory, so it can still prove a page complete.
        try (LiveClient client = subscribe(page(user, XidSnapshot.of(9_000, 9_000)), "")) {
            assertThat(client.nextContent().path("xid").asLong()).as("the deleted change, replayed from memory").isEqualTo(9_001);
            assertThat(client.nextContent().path("type").asString()).isEqualTo("caught-up");
        }
        // A gateway started now holds only what Kafka retained: a page that needs older records must resync.
        gateway.close();
        runGateway();
        Page page = page(USERS.incrementAndGet(), XidSnapshot.of(9_000, 9_000));
        try (LiveClient client = subscribe(page, "")) {
            JsonNode resync = client.nextContent();
            assertThat(resync.path("type").asString()).isEqualTo("resync");
            assertThat(resync.path("reason").asString()).isEqualTo("history-expired");
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private record Page(String token, String timepoint) {
    }

    private static Page page(long user, XidSnapshot snapshot) {
        return page(user, snapshot, PAGE_LSN);
    }

    private static Page page(long user, XidSnapshot snapshot, Lsn lsn) {
        return page(user, snapshot, lsn, null);
    }

    /**
     * A page read now, followed by the relay's next heartbeat committed just after the read (at {@code heartbeat},
     * or the next position): the gateway sends {@code caught-up} only once the stream has passed the page's read.
     */
    private static Page page(long user, XidSnapshot snapshot, Lsn lsn, String heartbeat) {
        Timepoint timepoint = new Timepoint(lsn, snapshot, Instant.now());
        String token = tokens.sign(new SubscriptionClaims(user, "home", timepoint, Instant.now().plusSeconds(600)));
        try {
            long committed = timepoint.readAt().toEpochMilli() + 1;
            String position = heartbeat == null ? nextPosition() : heartbeat;
            ChangeEvent beat = new ChangeEvent(ChangeEvent.HEARTBEAT_TABLE, Operation.UPDATE, 1,
                    position.substring(position.indexOf('#') + 1), position, committed, Map.of("id", 1), Map.of("id", 1));
            send(RecordKind.CHANGE, JSON.writeValueAsString(beat), committed);
        } catch (Exception e) {
            throw new IllegalStateException("could not write the heartbeat after the page's read", e);
        }
        return new Page(token, timepoint.toString());
    }

    private static LiveClient subscribe(Page page, String extra) {
        return LiveClient.connect(live, ORIGIN).send("{\"type\":\"subscribe\",\"token\":\"" + page.token
                + "\",\"timepoint\":\"" + page.timepoint + "\"" + extra + "}");
    }

    private static void assertRefused(String frame, int closeCode, String errorCode) throws Exception {
        try (LiveClient client = LiveClient.connect(live, ORIGIN).send(frame)) {
            JsonNode error = client.next();
            assertThat(error.path("type").asString()).isEqualTo("error");
            assertThat(error.path("code").asString()).isEqualTo(errorCode);
            assertThat(client.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(closeCode);
        }
    }

    private static long offsetOf(JsonNode frame, String type) {
        assertThat(frame.path("type").asString()).as(frame.toString()).isEqualTo(type);
        return frame.path("offset").asLong();
    }

    private static String nextPosition() {
        long txn = LSN.addAndGet(0x100);
        return new Lsn(txn) + "#" + new Lsn(txn + 1);
    }

    private static long change(long xid, String table, long user) throws Exception {
        return changeAt(xid, table, user, nextPosition());
    }

    private static void changeWith(long xid, long user, String body) throws Exception {
        long now = System.currentTimeMillis();
        String position = nextPosition();
        ChangeEvent event = new ChangeEvent("chat_room_join_request", Operation.INSERT, xid, position.substring(position.indexOf('#') + 1),
                position, now, Map.of(), Map.of("id", 1, "room_id", 1, "user_id", user, "status", "pending", "note", body));
        ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, 0, now, "k", JSON.writeValueAsString(event));
        record.headers().add(RecordKind.HEADER, RecordKind.CHANGE.headerValue().getBytes(StandardCharsets.UTF_8));
        producer.send(record); // async: thousands of them
    }

    private static long changeAt(long xid, String table, long user, String position) throws Exception {
        long now = System.currentTimeMillis();
        ChangeEvent event = new ChangeEvent(table, Operation.INSERT, xid, position.substring(position.indexOf('#') + 1),
                position, now, Map.of(), Map.of("id", 1, "room_id", 1, "user_id", user, "status", "pending"));
        return send(RecordKind.CHANGE, JSON.writeValueAsString(event), now).offset();
    }

    private static RecordMetadata send(RecordKind kind, String value, long timestamp) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, 0, timestamp, "k", value);
        record.headers().add(RecordKind.HEADER, kind.headerValue().getBytes(StandardCharsets.UTF_8));
        return producer.send(record).get(10, TimeUnit.SECONDS);
    }
}
