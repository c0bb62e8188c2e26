package io.nostale.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.systemtest.Db.User;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * guarantee 2 of docs/guarantees.md across a relay crash: the relay is killed (no graceful offset flush), restarted,
 * and re-reads WAL
 * from its last flushed position, so Kafka holds the same changes twice. The page still applies each once.
 */
class RelayRestartIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SystemUnderTest sut = SystemUnderTest.get();
    private final Db db = new Db(sut);

    @Test
    void changesReSentAfterARelayCrashReachThePageOnce() throws Exception {
        User visitor = db.user("visitor");
        User owner = db.user("owner");
        long room = db.room("Zeta", owner);
        RenderedHome page = RendererSession.login(sut.rendererUrl(), visitor.username(), Db.PASSWORD).home();

        try (LiveClient client = LiveClient.subscribe(page, sut.rendererUrl(), "")) {
            assertThat(Changes.describe(client.changesUntilCaughtUp(), "chat_room_join_request")).isEmpty();
            List<Long> before = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long request = db.request(room, visitor);
                before.add(request);
                db.deny(request);
            }
            List<JsonNode> received = new ArrayList<>(awaitRequestChanges(client, 10));

            sut.product.relay().kill();
            long whileDown = db.request(room, visitor);
            sut.product.restart(sut.product.relay());
            db.deny(whileDown);
            // The restarted relay re-sends everything since its last flushed offset before anything new, so by
            // the time this sentinel arrives every duplicate has passed the gateway.
            long sentinel = db.request(room, visitor);
            String sentinelInsert = "chat_room_join_request INSERT " + sentinel + " pending";
            received.addAll(client.changesThrough(c -> Changes.describe(c).equals(sentinelInsert)).stream()
                    .filter(c -> "chat_room_join_request".equals(c.path("table").asString())).toList());

            assertThat(received).extracting(c -> c.path("position").asString()).doesNotHaveDuplicates();
            assertThat(received).extracting(Changes::describe).hasSize(13).endsWith(
                    "chat_room_join_request INSERT " + whileDown + " pending",
                    "chat_room_join_request UPDATE " + whileDown + " denied",
                    sentinelInsert);
            assertThat(duplicatedPositionsInKafka(visitor.id()))
                    .as("the crash really made the relay send changes twice (otherwise this test proves nothing)")
                    .isPositive();
        }
    }

    private static List<JsonNode> awaitRequestChanges(LiveClient client, int count) throws InterruptedException {
        List<JsonNode> changes = new ArrayList<>();
        while (changes.size() < count) {
            JsonNode frame = client.next();
            if ("change".equals(frame.path("type").asString()) && "chat_room_join_request".equals(frame.path("table").asString())) {
                changes.add(frame);
            }
        }
        return changes;
    }

    /** How many of this user's request changes appear more than once on the change topic. */
    private long duplicatedPositionsInKafka(long userId) {
        Map<String, Integer> seen = new HashMap<>();
        TopicPartition partition = new TopicPartition("nostale.changes", 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                sut.stack.kafkaBootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    String kind = new String(record.headers().lastHeader("nostale-kind").value(), StandardCharsets.UTF_8);
                    if (!"change".equals(kind)) {
                        continue;
                    }
                    JsonNode change = JSON.readTree(record.value());
                    JsonNode row = change.path("after").isEmpty() ? change.path("before") : change.path("after");
                    if ("chat_room_join_request".equals(change.path("table").asString()) && row.path("user_id").asLong() == userId) {
                        seen.merge(change.path("position").asString(), 1, Integer::sum);
                    }
                }
            }
        }
        return seen.values().stream().filter(n -> n > 1).count();
    }
}
