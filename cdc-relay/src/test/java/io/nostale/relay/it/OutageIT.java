package io.nostale.relay.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The relay survives PostgreSQL and Kafka restarts: it restarts its engine and relays what was written meanwhile. */
class OutageIT extends RunningRelay {

    @Test
    void postgresRestartIsSurvived() throws Exception {
        long owner = RelayHarness.user("outage-owner");
        RelayHarness.stack().restartPostgres();

        long room;
        try (Connection connection = RelayHarness.connect()) {
            room = RelayHarness.insertRoom(connection, "after postgres restart " + UUID.randomUUID(), owner);
        }

        tail.await(record -> record.isChangeOfRow("chat_room", room), 1);
        RelayHarness.awaitReady(RelayHarness.port(relay));
        StreamInvariant.assertOrderedWithExactReplays(tail.records());
    }

    @Test
    void kafkaRestartIsSurvived() throws Exception {
        long owner = RelayHarness.user("outage-owner");
        long before;
        try (Connection connection = RelayHarness.connect()) {
            before = RelayHarness.insertRoom(connection, "before kafka restart " + UUID.randomUUID(), owner);
        }
        tail.await(record -> record.isChangeOfRow("chat_room", before), 1);

        RelayHarness.stack().restartKafka();
        long after;
        try (Connection connection = RelayHarness.connect()) {
            after = RelayHarness.insertRoom(connection, "after kafka restart " + UUID.randomUUID(), owner);
        }

        try (TopicTail fresh = RelayHarness.tail()) {
            fresh.await(record -> record.isChangeOfRow("chat_room", after), 1);
            RelayHarness.awaitReady(RelayHarness.port(relay));
            StreamInvariant.assertOrderedWithExactReplays(fresh.records());
            assertThat(fresh.matching(record -> record.isChangeOfRow("chat_room", before))).isNotEmpty();
        }
    }
}
