package io.nostale.relay.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.Lsn;
import io.nostale.wire.RecordKind;
import io.nostale.wire.StreamStart;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The relay announces the slot it creates, once, before any change captured by it. */
class StreamStartIT {

    @Test
    void streamStartIsWrittenOnceBeforeTheFirstChangeAndNotAgainOnRestart() throws Exception {
        long owner = RelayHarness.user("stream-start-owner");
        ConfigurableApplicationContext relay = RelayHarness.startRelay();
        try (TopicTail tail = RelayHarness.tail()) {
            long firstRoom;
            try (Connection connection = RelayHarness.connect()) {
                firstRoom = RelayHarness.insertRoom(connection, "stream start " + UUID.randomUUID(), owner);
                tail.await(record -> record.isChangeOfRow("chat_room", firstRoom), 1);
            }
            finally {
                relay.close();
            }

            relay = RelayHarness.startRelay();
            try (Connection connection = RelayHarness.connect()) {
                long afterRestart = RelayHarness.insertRoom(connection, "after restart " + UUID.randomUUID(), owner);
                tail.await(record -> record.isChangeOfRow("chat_room", afterRestart), 1);
            }
            finally {
                relay.close();
            }

            List<Relayed> records = tail.records();
            Relayed first = records.get(0);
            assertThat(first.kind()).isEqualTo(RecordKind.STREAM_START);
            assertThat(records).filteredOn(record -> record.kind() == RecordKind.STREAM_START).hasSize(1);

            StreamStart start = first.streamStart().orElseThrow();
            assertThat(first.key()).isEqualTo("stream-start:" + RelayHarness.SLOT);
            assertThat(start.slot()).isEqualTo(RelayHarness.SLOT);
            assertThat(start.systemId()).isEqualTo(RelayHarness.systemId());
            assertThat(first.timestamp()).isEqualTo(start.startedMillis());
            // row changes only: truncates of the test classes before this one are on the topic too
            List<Relayed> changes = records.subList(1, records.size()).stream()
                    .filter(record -> record.change().isPresent()).toList();
            // Debezium's source.sequence starts with null until the slot's first commit has been decoded: only
            // the first transaction of the slot (and its replays) is positioned at 0/0
            assertThat(changes.get(0).position().txnLsn()).isEqualTo(Lsn.ZERO);
            assertThat(changes).filteredOn(change -> change.position().txnLsn().equals(Lsn.ZERO))
                    .extracting(change -> change.event().txId()).containsOnly(changes.get(0).event().txId());
            Lsn startLsn = Lsn.parse(start.startLsn());
            for (Relayed change : changes) {
                assertThat(Lsn.parse(change.event().changeLsn())).isGreaterThanOrEqualTo(startLsn);
                assertThat(change.event().commitMillis()).isGreaterThanOrEqualTo(start.startedMillis() - 1000);
            }
        }
    }
}
