package io.nostale.relay.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.wire.RecordKind;
import io.nostale.wire.StreamPosition;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A relay killed mid-stream loses nothing: the next one re-reads the WAL from the last committed offset, so
 * changes arrive at least once, replays repeat the original exactly, and new changes come after everything before.
 * A graceful stop commits what was acknowledged, so nothing is replayed after it.
 *
 * <p>The crash is real: a relay started from the exec jar as its own process, with offsets committed only
 * every hour, is killed with SIGKILL after Kafka acknowledged its changes.
 */
class RestartIT {

    private static final int ROOMS = 10;

    @Test
    void crashedRelayIsReplacedWithoutLossAndReplaysCarryTheirOriginalPositions() throws Exception {
        long owner = RelayHarness.user("restart-owner");
        String run = UUID.randomUUID().toString();
        ConfigurableApplicationContext first = RelayHarness.startRelay();
        try (TopicTail tail = RelayHarness.tail()) {
            List<Long> beforeCrash;
            try {
                beforeCrash = insertRooms("graceful " + run, owner);
                awaitRooms(tail, beforeCrash);
            }
            finally {
                first.close();
            }

            int commitsBefore = OffsetsTopic.commits().size();
            RelayProcess crashing = RelayProcess.start("relay-crash-process", RelayHarness.TOPIC, RelayHarness.SLOT,
                    "--nostale.relay.offsets.flush-interval=1h").awaitReady();
            List<Long> duringCrashingRun;
            try {
                // Debezium's async engine commits offsets after the first batch of a run and at the first empty
                // poll after it, then once per flush interval (here 1 h). Once both early commits are in the
                // offset store, nothing this relay does afterwards is committed before it is killed.
                try (Connection connection = RelayHarness.connect()) {
                    long primer = RelayHarness.insertRoom(connection, "primer " + run, owner);
                    awaitRooms(tail, List.of(primer));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> OffsetsTopic.commits().size() >= commitsBefore + 2);
                duringCrashingRun = insertRooms("crashing " + run, owner);
                awaitRooms(tail, duringCrashingRun);
            }
            finally {
                crashing.kill();
            }
            List<JsonNode> commits = OffsetsTopic.commits();
            long committed = commits.get(commits.size() - 1).get("lsn_proc").asLong();
            long firstUncommitted = tail.matching(record -> record.isChangeOfRow("chat_room", duringCrashingRun.get(0)))
                    .get(0).position().changeLsn().value();
            assertThat(committed).as("offset committed by the killed relay").isLessThan(firstUncommitted);
            List<Long> whileDown = insertRooms("while down " + run, owner);
            int recordsBeforeRestart = tail.records().size();

            ConfigurableApplicationContext second = RelayHarness.startRelay();
            try {
                awaitRooms(tail, whileDown);
            }
            finally {
                second.close();
            }

            List<Relayed> records = tail.records();
            int replays = StreamInvariant.assertOrderedWithExactReplays(records);
            assertThat(replays).as("what the killed relay relayed after its last commit is relayed again")
                    .isGreaterThanOrEqualTo(ROOMS);
            for (long room : beforeCrash) {
                assertThat(records).as("room %d, relayed before a graceful stop (which commits offsets)", room)
                        .filteredOn(record -> record.isChangeOfRow("chat_room", room)).hasSize(1);
            }
            for (long room : duringCrashingRun) {
                List<Relayed> copies = records.stream().filter(record -> record.isChangeOfRow("chat_room", room)).toList();
                assertThat(copies).as("room %d written during the crashing run", room).hasSizeGreaterThanOrEqualTo(2);
                assertThat(copies).extracting(Relayed::json).containsOnly(copies.get(0).json());
            }
            StreamPosition highestBeforeRestart = records.subList(0, recordsBeforeRestart).stream()
                    .filter(record -> record.change().isPresent()).map(Relayed::position)
                    .max(Comparator.naturalOrder()).orElseThrow();
            for (long room : whileDown) {
                assertThat(records.stream().filter(record -> record.isChangeOfRow("chat_room", room)))
                        .allSatisfy(record -> assertThat(record.position()).isGreaterThan(highestBeforeRestart));
            }
            assertThat(records).filteredOn(record -> record.kind() == RecordKind.STREAM_START).hasSize(1);
        }
    }

    private static List<Long> insertRooms(String prefix, long owner) throws Exception {
        List<Long> rooms = new ArrayList<>();
        try (Connection connection = RelayHarness.connect()) {
            for (int i = 0; i < ROOMS; i++) {
                rooms.add(RelayHarness.insertRoom(connection, prefix + " " + i, owner));
            }
        }
        return rooms;
    }

    private static void awaitRooms(TopicTail tail, List<Long> rooms) {
        for (long room : rooms) {
            tail.await(record -> record.isChangeOfRow("chat_room", room), 1);
        }
    }
}
