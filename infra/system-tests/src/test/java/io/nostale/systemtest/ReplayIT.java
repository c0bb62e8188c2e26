package io.nostale.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.replay.Replay;
import io.nostale.systemtest.Db.User;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replay tool (docs/replay.md) on the real product: {@code explain} decides with the gateway's own rule, so what it
 * calls delivered is exactly what the gateway sent a real page over its socket; {@code changes} shows each change once
 * although a relay crash re-sent some; bad input and an unreachable broker are one line and a non-zero exit.
 */
class ReplayIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SystemUnderTest sut = SystemUnderTest.get();
    private final Db db = new Db(sut);

    @Test
    void explainCallsDeliveredExactlyWhatTheGatewaySentThePage() throws Exception {
        User visitor = db.user("replayed");
        User owner = db.user("replay-owner");
        User other = db.user("replay-other");
        long room = db.room("Replayed", owner);
        long request = db.request(room, visitor); // in the page's snapshot
        RenderedHome page = RendererSession.login(sut.rendererUrl(), visitor.username(), Db.PASSWORD).home();
        long otherRoom = db.room("Elsewhere", owner);
        db.request(otherRoom, other); // another user's row: hidden
        db.rename(room, "Replayed, renamed");
        db.admit(request);
        long second = db.request(otherRoom, visitor);
        db.rename(room, "~replay-final");

        List<JsonNode> sent;
        try (LiveClient live = LiveClient.subscribe(page, sut.rendererUrl(), "")) {
            sent = live.changesThrough(change -> change.path("after").path("title").asString().equals("~replay-final"));
        }
        long last = sent.get(sent.size() - 1).path("offset").asLong();

        Run explain = run("explain", "--token", page.token(), "--to", "offset:" + last, "--format", "json");

        assertThat(explain.status).as(explain.err).isZero();
        List<JsonNode> lines = explain.jsonLines();
        assertThat(offsets(lines, "delivered")).as("delivered = the frames the socket received\n" + explain.out)
                .containsExactlyElementsOf(sent.stream().map(frame -> frame.path("offset").asLong()).toList());
        assertThat(lines).as("the request the page was rendered with").anySatisfy(line -> {
            assertThat(line.path("verdict").asString()).isEqualTo("in-snapshot");
            assertThat(line.path("after").path("id").asLong()).isEqualTo(request);
        });
        assertThat(lines).as("another user's request").anySatisfy(line -> {
            assertThat(line.path("verdict").asString()).isEqualTo("hidden");
            assertThat(line.path("after").path("user_id").asLong()).isEqualTo(other.id());
        });
        assertThat(sent).extracting(frame -> frame.path("after").path("id").asLong()).contains(second);
    }

    /**
     * A visitor's room page: the admission changes what its user may see, so the gateway delivers it and ends the
     * subscription (resync access-changed); explain says so, and judges nothing after it.
     */
    @Test
    void explainShowsTheAccessChangeThatEndedARoomPageAndNothingJudgedAfterIt() throws Exception {
        User visitor = db.user("replay-visitor");
        User owner = db.user("replay-room-owner");
        long room = db.room("Replayed room", owner);
        long request = db.request(room, visitor);
        RenderedRoom page = RendererSession.login(sut.rendererUrl(), visitor.username(), Db.PASSWORD).room(room);
        assertThat(page.grants()).as("a visitor, not a member yet").isEmpty();
        db.message(room, owner, "before the admission: not for a visitor");
        db.admit(request);
        db.message(room, owner, "after the admission: a new render shows it");

        List<JsonNode> frames;
        try (LiveClient live = LiveClient.subscribe(page, sut.rendererUrl(), "")) {
            frames = live.framesUntilClosed(Duration.ofSeconds(30));
        }
        List<Long> sent = frames.stream().filter(frame -> frame.path("type").asString().equals("change"))
                .map(frame -> frame.path("offset").asLong()).toList();
        assertThat(frames).as("the page was told to re-render").anySatisfy(frame ->
                assertThat(frame.path("reason").asString()).isEqualTo("access-changed"));

        Run explain = run("explain", "--token", page.token(), "--format", "json");

        assertThat(explain.status).as(explain.err).isZero();
        List<JsonNode> lines = explain.jsonLines();
        List<Long> delivered = lines.stream().filter(line -> line.path("verdict").asString().startsWith("delivered"))
                .map(line -> line.path("offset").asLong()).toList();
        assertThat(delivered).as("delivered = the change frames the socket received\n" + explain.out)
                .containsExactlyElementsOf(sent);
        JsonNode end = lines.stream().filter(line -> line.path("verdict").asString().equals("delivered+end"))
                .findFirst().orElseThrow(() -> new AssertionError("no delivered+end in\n" + explain.out));
        assertThat(end.path("reason").asString()).startsWith("then resync access-changed");
        assertThat(lines).filteredOn(line -> line.path("offset").asLong() > end.path("offset").asLong())
                .as("after the end").isNotEmpty()
                .allSatisfy(line -> assertThat(line.path("verdict").asString()).isEqualTo("after-end"));
    }

    @Test
    void changesShowsEachChangeOnceThoughARelayCrashReSentIt() throws Exception {
        User user = db.user("replay-dup");
        User owner = db.user("replay-dup-owner");
        long room = db.room("Duplicated", owner);
        for (int i = 0; i < 3; i++) {
            db.deny(db.request(room, user));
        }
        sut.product.relay().kill(); // its offsets are flushed only at start and stop: it re-sends all of these
        sut.product.restart(sut.product.relay());
        long sentinel = db.request(room, user);
        String sentinelInsert = "\"id\":" + sentinel + ",";

        Run changes = awaitChanges(sentinelInsert, "changes", "--user", user.username(), "--format", "json");
        List<JsonNode> lines = changes.jsonLines().stream().filter(line -> line.path("kind").asString().equals("change"))
                .toList();
        assertThat(lines).extracting(line -> line.path("position").asString()).doesNotHaveDuplicates();
        assertThat(lines).extracting(line -> line.path("table").asString() + " " + line.path("op").asString())
                .as("3 requests inserted and denied, then the sentinel: each once").containsExactly(
                        "chat_room_join_request INSERT", "chat_room_join_request UPDATE",
                        "chat_room_join_request INSERT", "chat_room_join_request UPDATE",
                        "chat_room_join_request INSERT", "chat_room_join_request UPDATE", "chat_room_join_request INSERT");
        Run table = run("changes", "--user", Long.toString(user.id()), "--room", Long.toString(room));
        assertThat(table.out.lines().findFirst()).hasValueSatisfying(header -> assertThat(header).startsWith("OFFSET"));
        assertThat(table.out.lines().filter(line -> line.contains("chat_room_join_request"))).as(table.out).hasSize(7);
        assertThat(table.err).contains("duplicate records a relay re-sent are not shown");
    }

    /** {@code --from 0s} starts at the end: whatever the tool prints then, it printed by following. */
    @Test
    void changesFollowPrintsAChangeAsItIsCommittedAndEndsWhenStopped() throws Exception {
        User user = db.user("replay-follow");
        User owner = db.user("replay-follow-owner");
        long room = db.room("Followed", owner);
        StringWriter out = new StringWriter();
        AtomicInteger status = new AtomicInteger(-1);
        Thread follower = new Thread(() -> status.set(Replay.run(new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true), "changes", "--user", user.username(), "--from", "0s",
                "--follow", "--bootstrap-servers", sut.stack.kafkaBootstrapServers(), "--database-url",
                sut.stack.jdbcUrl(), "--database-user", sut.stack.username(), "--database-password",
                sut.stack.password())), "replay-follow");
        follower.start();
        try {
            // the header comes once the tool knows where it starts
            await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().startsWith("OFFSET"));
            long request = db.request(room, user);
            await().atMost(Duration.ofSeconds(60)).until(() -> out.toString().contains("id=" + request + " room_id="));
        } finally {
            follower.interrupt();
            follower.join(Duration.ofSeconds(15).toMillis());
        }
        assertThat(follower.isAlive()).as("stopped").isFalse();
        assertThat(status.get()).as("a stopped follow is a normal end").isZero();
    }

    @Test
    void badInputAndAnUnreachableBrokerAreOneLineAndANonZeroExit() {
        assertOneLine(run("changes", "--user", "nobody-" + ProcessHandle.current().pid()), "unknown user 'nobody-");
        assertOneLine(run("changes", "--from", "yesterday"), "'yesterday' is not a point: give a time");
        assertOneLine(run("explain", "--timepoint", "0/1@garbage", "--page", "home", "--user", "1"), "--timepoint:");
        assertOneLine(run("explain", "--token", "v1.forged"), "--token: token is not a v1 subscription token");
        assertOneLine(run("changes", "--bootstrap-servers", "localhost:1"), "the broker did not answer within 10 s");
        assertOneLine(run("changes", "--topic", "no-such-topic-" + ProcessHandle.current().pid()), "there is no topic");
    }

    @Test
    void aRangeOutsideTheRetainedHistoryIsRefused() throws Exception {
        String topic = "replay-it-retention-" + ProcessHandle.current().pid();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", sut.stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    sut.stack.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 3; i++) {
                    ProducerRecord<String, String> record = new ProducerRecord<>(topic, 0, null, "{}");
                    record.headers().add("nostale-kind", "change".getBytes(StandardCharsets.UTF_8));
                    producer.send(record).get();
                }
            }
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(2))).all().get();
        }
        assertOneLine(run("changes", "--topic", topic, "--from", "offset:0"),
                "the point lies outside the retained history: topic " + topic);
        Run retained = run("changes", "--topic", topic, "--from", "offset:2", "--format", "json");
        assertThat(retained.status).as(retained.err).isZero();
        assertThat(retained.jsonLines()).singleElement().satisfies(line ->
                assertThat(line.path("kind").asString()).as("a record no page can judge is shown as such").isEqualTo("unreadable"));
    }

    private static void assertOneLine(Run run, String message) {
        assertThat(run.status).as(run.err).isEqualTo(Replay.FAILED);
        assertThat(run.err.lines().toList()).as(run.err).singleElement().asString()
                .startsWith("nostale-replay: ").contains(message);
    }

    private static List<Long> offsets(List<JsonNode> lines, String verdict) {
        return lines.stream().filter(line -> line.path("verdict").asString().equals(verdict))
                .map(line -> line.path("offset").asLong()).toList();
    }

    /** {@code changes} once the topic holds {@code text} (the relay is restarting: it may take a moment). */
    private Run awaitChanges(String text, String... args) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> run(args), r -> r.out.contains(text));
    }

    /** Runs the tool in this JVM on the shared stack, unless the arguments name their own broker or database. */
    private Run run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        Map<String, String> stack = new LinkedHashMap<>();
        stack.put("--bootstrap-servers", sut.stack.kafkaBootstrapServers());
        stack.put("--database-url", sut.stack.jdbcUrl());
        stack.put("--database-user", sut.stack.username());
        stack.put("--database-password", sut.stack.password());
        stack.forEach((option, value) -> {
            if (!all.contains(option)) {
                all.add(option);
                all.add(value);
            }
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Replay.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    private record Run(int status, String out, String err) {

        List<JsonNode> jsonLines() {
            return out.lines().filter(line -> !line.isBlank()).map(JSON::readTree).toList();
        }
    }
}
