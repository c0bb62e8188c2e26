package io.nostale.relay.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.relay.it.OffsetsTopic.Stored;
import io.nostale.wire.Lsn;
import io.nostale.wire.RecordKind;
import io.nostale.wire.StreamStart;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A replication slot dropped and recreated: the relay announces the new slot with a stream-start record and
 * captures from it, after discarding the offsets Debezium stored for the old one (which point into WAL the new slot
 * does not have, so Debezium would refuse them on every start). Also across a relay killed with SIGKILL in the
 * middle of creating the slot.
 *
 * <p>Each test has its own change topic and slot, so the shared stream of the other tests keeps its single
 * stream-start; both slots are dropped at the end so that they do not hold WAL.
 */
class SlotRecreatedIT {

    private static final String LIVE_TOPIC = "nostale.changes.slot-dropped";
    private static final String LIVE_SLOT = "nostale_slot_dropped";
    private static final String CRASH_TOPIC = "nostale.changes.slot-crash";
    private static final String CRASH_SLOT = "nostale_slot_crash";

    @AfterAll
    static void dropSlots() {
        for (String slot : List.of(LIVE_SLOT, CRASH_SLOT)) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                if (slotStart(slot).isPresent()) {
                    dropSlot(slot);
                }
                return true;
            });
        }
    }

    @Test
    void aSlotDroppedUnderTheRunningRelayIsRecreatedAnnouncedAndStreamedFrom() throws Exception {
        long owner = RelayHarness.user("slot-dropped-owner");
        String engine = RelayHarness.engineName(LIVE_SLOT);
        String run = UUID.randomUUID().toString();
        ConfigurableApplicationContext relay = RelayHarness.startRelay(RelayHarness.relayArgumentsFor(0, LIVE_TOPIC, LIVE_SLOT));
        try (TopicTail tail = RelayHarness.tail(LIVE_TOPIC); Connection connection = RelayHarness.connect()) {
            long before = RelayHarness.insertRoom(connection, "before the drop " + run, owner);
            Lsn beforeLsn = changeLsn(tail.await(record -> record.isChangeOfRow("chat_room", before), 1).get(0));
            await().atMost(Duration.ofSeconds(30)).alias("Debezium committed an offset covering the change")
                    .until(() -> latestCommit(engine).map(commit -> commit.lsn() >= beforeLsn.value()).orElse(false));

            dropWhileStreaming(LIVE_SLOT);
            List<Relayed> starts = tail.await(record -> record.kind() == RecordKind.STREAM_START, 2);
            long after = RelayHarness.insertRoom(connection, "after the drop " + run, owner);
            Relayed afterRecord = tail.await(record -> record.isChangeOfRow("chat_room", after), 1).get(0);

            Relayed restart = starts.get(1);
            Lsn restartLsn = Lsn.parse(restart.streamStart().orElseThrow().startLsn());
            assertThat(restartLsn).as("the new slot starts after the change the old one captured").isGreaterThan(beforeLsn);
            assertThat(afterRecord.offset()).as("the stream-start precedes the new slot's changes").isGreaterThan(restart.offset());
            assertThat(changeLsn(afterRecord)).isGreaterThanOrEqualTo(restartLsn);
            assertThat(tail.records()).filteredOn(record -> record.kind() == RecordKind.STREAM_START).hasSize(2);
            assertOldOffsetsDiscardedBeforeNewOnes(engine, restartLsn);
            RelayHarness.awaitReady(RelayHarness.port(relay));
        }
        finally {
            relay.close();
        }
    }

    /**
     * The crash window: the relay discarded the old slot's offsets and is creating the new slot (held up by an open
     * transaction, which a new logical slot waits for) when it is killed. The session it leaves behind finishes
     * creating the slot, so the next relay finds a slot with no stored offset and no stream-start record: it must
     * announce it and stream from it, including a change committed while no relay ran.
     */
    @Test
    void aRelayKilledWhileCreatingTheSlotLeavesNoStaleOffsetsAndTheNextOneAnnouncesTheSlot() throws Exception {
        long owner = RelayHarness.user("slot-crash-owner");
        String engine = RelayHarness.engineName(CRASH_SLOT);
        String run = UUID.randomUUID().toString();
        List<String> arguments = RelayHarness.relayArgumentsFor(0, CRASH_TOPIC, CRASH_SLOT);
        try (TopicTail tail = RelayHarness.tail(CRASH_TOPIC); Connection connection = RelayHarness.connect()) {
            ConfigurableApplicationContext first = RelayHarness.startRelay(arguments);
            try {
                long captured = RelayHarness.insertRoom(connection, "first slot " + run, owner);
                tail.await(record -> record.isChangeOfRow("chat_room", captured), 1);
            }
            finally {
                first.close(); // graceful: commits the offsets
            }
            assertThat(latestCommit(engine)).as("offsets stored for the first slot").isPresent();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                dropSlot(CRASH_SLOT);
                return true;
            });

            long held;
            try (Connection holder = RelayHarness.connect()) {
                holder.setAutoCommit(false);
                held = RelayHarness.insertRoom(holder, "held open during slot creation " + run, owner);
                try (RelayProcess crashing = RelayProcess.start("relay-slot-crash-process", CRASH_TOPIC, CRASH_SLOT)) {
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                            .alias("the relay waits in pg_create_logical_replication_slot").until(() -> slotCreations(true) == 1);
                    assertThat(latestCommit(engine)).as("the old slot's offsets, discarded before creating the new slot")
                            .isEmpty();
                    crashing.kill();
                }
                holder.commit();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> slotCreations(false) == 0);
            Optional<Lsn> slotStart = slotStart(CRASH_SLOT);
            assertThat(slotStart).as("the orphaned session finished creating the slot").isPresent();
            assertThat(tail.records()).filteredOn(record -> record.kind() == RecordKind.STREAM_START)
                    .as("the killed relay never announced the new slot").hasSize(1);

            long whileDown = RelayHarness.insertRoom(connection, "while no relay runs " + run, owner);
            ConfigurableApplicationContext second = RelayHarness.startRelay(arguments);
            try {
                long after = RelayHarness.insertRoom(connection, "after restart " + run, owner);
                Relayed afterRecord = tail.await(record -> record.isChangeOfRow("chat_room", after), 1).get(0);
                Relayed whileDownRecord = tail.await(record -> record.isChangeOfRow("chat_room", whileDown), 1).get(0);

                List<Relayed> starts = tail.matching(record -> record.kind() == RecordKind.STREAM_START);
                assertThat(starts).hasSize(2);
                StreamStart announced = starts.get(1).streamStart().orElseThrow();
                assertThat(Lsn.parse(announced.startLsn())).as("announced from the slot's own start")
                        .isEqualTo(slotStart.get());
                assertThat(starts.get(1).offset()).isLessThan(whileDownRecord.offset()).isLessThan(afterRecord.offset());
                assertThat(changeLsn(whileDownRecord)).isGreaterThanOrEqualTo(slotStart.get());
                assertThat(tail.matching(record -> record.isChangeOfRow("chat_room", held)))
                        .as("committed before the new slot's start: outside the announced history").isEmpty();
            }
            finally {
                second.close();
            }
        }
    }

    /** Terminates the walsender the relay streams from and drops the slot, until a drop succeeds. */
    private static void dropWhileStreaming(String slot) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            try (Connection connection = RelayHarness.connect();
                 PreparedStatement terminate = connection.prepareStatement("SELECT pg_terminate_backend(active_pid) "
                         + "FROM pg_replication_slots WHERE slot_name = ? AND active_pid IS NOT NULL")) {
                terminate.setString(1, slot);
                terminate.execute();
            }
            dropSlot(slot); // fails while the walsender is still exiting
            return true;
        });
    }

    private static void dropSlot(String slot) throws SQLException {
        try (Connection connection = RelayHarness.connect();
             PreparedStatement drop = connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
            drop.setString(1, slot);
            drop.execute();
        }
    }

    /** The slot's confirmed position, if it exists and its creation has finished. */
    private static Optional<Lsn> slotStart(String slot) throws SQLException {
        try (Connection connection = RelayHarness.connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, slot);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.ofNullable(row.getString(1)).map(Lsn::parse) : Optional.empty();
            }
        }
    }

    /** Sessions running pg_create_logical_replication_slot (only those waiting for a lock, if asked). */
    private static long slotCreations(boolean waitingForLock) throws SQLException {
        try (Connection connection = RelayHarness.connect();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT count(*) FROM pg_stat_activity
                      WHERE pid <> pg_backend_pid() AND state = 'active'
                        AND query LIKE '%pg_create_logical_replication_slot%'
                        AND (NOT ? OR wait_event_type = 'Lock')""")) {
            query.setBoolean(1, waitingForLock);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** The engine's current offset: its latest record, unless that is a tombstone. */
    private static Optional<Stored> latestCommit(String engine) {
        List<Stored> stored = OffsetsTopic.of(engine);
        return stored.isEmpty() ? Optional.empty() : Optional.of(stored.get(stored.size() - 1)).filter(s -> !s.isTombstone());
    }

    /** Old commits, then a tombstone, then only commits at or after the new slot's start. */
    private static void assertOldOffsetsDiscardedBeforeNewOnes(String engine, Lsn restartLsn) {
        List<Stored> stored = OffsetsTopic.of(engine);
        int tombstone = stored.stream().map(Stored::isTombstone).toList().indexOf(true);
        assertThat(tombstone).as("a tombstone in %s", stored).isPositive();
        assertThat(stored.subList(0, tombstone)).allSatisfy(old -> assertThat(old.lsn()).isLessThan(restartLsn.value()));
        assertThat(stored.subList(tombstone + 1, stored.size())).isNotEmpty()
                .allSatisfy(fresh -> assertThat(fresh.lsn()).isGreaterThanOrEqualTo(restartLsn.value()));
    }

    private static Lsn changeLsn(Relayed record) {
        return Lsn.parse(record.event().changeLsn());
    }
}
