package io.nostale.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.systemtest.Db.User;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * SPEC §1.4 on the real product (issue 3): when the gateway cannot prove a page complete it says so — a resync
 * with its reason, close 4409 — and the page reloaded afterwards is correct and live. Never silence, never a
 * wrong page.
 *
 * <p>Runs last in the test JVM ({@link ClassOrderer.OrderAnnotation}, see junit-platform.properties): it recreates
 * the change topic and the replication slot, and truncates the topic, after which for one visibility window
 * (30 s) fresh pages anywhere are (rightly) told {@code history-expired}.
 */
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HonestFailureIT {

    private static final String TOPIC = "nostale.changes";
    private static final String SLOT = "nostale";
    private static final Pattern SLOW_DROPS = Pattern.compile("(?m)^nostale_gateway_slow_clients_dropped_total(?:\\{[^}]*})? (\\S+)$");

    private final SystemUnderTest sut = SystemUnderTest.get();
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
        try (LiveClient witnessClient = subscribe(witness)) {
            witnessClient.changesUntilCaughtUp();
            db.admit(request); // after both renders: the page must get it, and its records are about to vanish
            String admitted = "chat_room_join_request UPDATE " + request + " admitted";
            witnessClient.changesThrough(c -> Changes.describe(c).equals(admitted)); // so its records are in Kafka
        }
        try (Admin admin = admin()) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(10, TimeUnit.SECONDS).offset();
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(end))).all().get(30, TimeUnit.SECONDS);
        }
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
            while ("change".equals(first.path("type").asString())) {
                first = client.next();
            }
            return "caught-up".equals(first.path("type").asString());
        }
    }

    private static void assertResync(LiveClient client, String reason) throws Exception {
        List<JsonNode> frames = client.framesUntilClosed(Duration.ofSeconds(60));
        List<JsonNode> resyncs = frames.stream().filter(f -> "resync".equals(f.path("type").asString())).toList();
        String closed = client.closeCode.handle((c, error) -> c == null ? "error " + error : c.toString()).get(1, TimeUnit.SECONDS);
        assertThat(resyncs).as("a resync frame (close %s, frames %s)", closed, frames.stream().map(HonestFailureIT::summary).toList())
                .hasSize(1);
        assertThat(resyncs.get(0).path("reason").asString()).as(resyncs.get(0).toString()).isEqualTo(reason);
        assertThat(closed).isEqualTo("4409");
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
                "http://localhost:" + sut.product.settings().gatewayPort() + "/actuator/prometheus")).build(),
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
