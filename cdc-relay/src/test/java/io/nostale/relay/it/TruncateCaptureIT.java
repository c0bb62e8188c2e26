package io.nostale.relay.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.RecordKind;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.TruncateEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code TRUNCATE} made with plain SQL reaches the change topic (D22): one {@code truncate} record per truncated table,
 * in commit order among the changes, with the transaction's id and commit time; the tables of one statement share
 * its position. Truncates empty tables the other test classes of this JVM use; each of them makes its own rows.
 */
class TruncateCaptureIT extends RunningRelay {

    @Test
    void aTruncatedTableArrivesAsATruncateRecordAfterTheChangesCommittedBeforeIt() throws Exception {
        long owner = RelayHarness.user("truncate-owner");
        long room;
        long message;
        long xid;
        long before;
        long after;
        try (Connection connection = RelayHarness.connect()) {
            room = RelayHarness.insertRoom(connection, "Truncated " + UUID.randomUUID(), owner);
            message = insertMessage(connection, room, owner, "gone soon");
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE chat_message");
            }
            xid = RelayHarness.currentXid(connection);
            before = System.currentTimeMillis();
            connection.commit();
            after = System.currentTimeMillis();
        }

        Relayed truncate = tail.await(record -> isTruncateOfTransaction(record, xid), 1).get(0);
        Relayed inserted = tail.await(record -> record.isChangeOfRow("chat_message", message), 1).get(0);

        TruncateEvent event = truncate.truncate().orElseThrow();
        assertThat(truncate.kind()).isEqualTo(RecordKind.TRUNCATE);
        assertThat(truncate.key()).isEqualTo("truncate:chat_message");
        assertThat(event.table()).isEqualTo("chat_message");
        assertThat(event.commitMillis()).isBetween(before - 5, after + 5);
        assertThat(truncate.timestamp()).isEqualTo(event.commitMillis());
        assertThat(event.streamPosition().changeLsn().toString()).isEqualTo(event.changeLsn());
        assertThat(truncate.offset()).isGreaterThan(inserted.offset());
        assertThat(event.streamPosition()).isGreaterThan(inserted.position());
        StreamInvariant.assertOrderedWithExactReplays(tail.records());
    }

    @Test
    void oneStatementTruncatingSeveralTablesGivesOneRecordPerTableAllAtItsPosition() throws Exception {
        long xid = truncate("TRUNCATE nostale_heartbeat, chat_message, chat_room_join_request");

        List<Relayed> records = tail.await(record -> isTruncateOfTransaction(record, xid), 3);

        assertThat(records).extracting(record -> record.truncate().orElseThrow().table())
                .as("in the order the statement names them")
                .containsExactly("nostale_heartbeat", "chat_message", "chat_room_join_request");
        assertThat(records).extracting(record -> record.truncate().orElseThrow().position()).containsOnly(
                records.get(0).truncate().orElseThrow().position());
        assertThat(records.get(2).offset() - records.get(0).offset()).as("next to each other on the topic").isEqualTo(2);
        StreamInvariant.assertOrderedWithExactReplays(tail.records());
    }

    @Test
    void truncateCascadeGivesARecordForEveryPublishedTableItReaches() throws Exception {
        long owner = RelayHarness.user("truncate-cascade");
        try (Connection connection = RelayHarness.connect()) {
            long room = RelayHarness.insertRoom(connection, "Cascaded " + UUID.randomUUID(), owner);
            insertMessage(connection, room, owner, "cascaded away");
        }
        long xid = truncate("TRUNCATE chat_room CASCADE");

        List<Relayed> records = tail.await(record -> isTruncateOfTransaction(record, xid), 4);

        assertThat(records).extracting(record -> record.truncate().orElseThrow().table()).containsExactlyInAnyOrder(
                "chat_room", "chat_room_member", "chat_room_join_request", "chat_message");
        assertThat(records.get(0).truncate().orElseThrow().table()).as("the named table first").isEqualTo("chat_room");
        assertThat(records).extracting(record -> record.truncate().orElseThrow().position()).containsOnly(
                records.get(0).truncate().orElseThrow().position());
        StreamInvariant.assertOrderedWithExactReplays(tail.records());
    }

    @Test
    void aTruncateAmongChangesOfItsTransactionKeepsItsPlace() throws Exception {
        long owner = RelayHarness.user("truncate-among");
        long xid;
        long first;
        long second;
        try (Connection connection = RelayHarness.connect()) {
            long room = RelayHarness.insertRoom(connection, "Among " + UUID.randomUUID(), owner);
            connection.setAutoCommit(false);
            first = insertMessage(connection, room, owner, "before the truncate");
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE chat_message");
            }
            second = insertMessage(connection, room, owner, "after the truncate");
            xid = RelayHarness.currentXid(connection);
            connection.commit();
        }

        Relayed truncate = tail.await(record -> isTruncateOfTransaction(record, xid), 1).get(0);
        Relayed before = tail.await(record -> record.isChangeOfRow("chat_message", first), 1).get(0);
        Relayed after = tail.await(record -> record.isChangeOfRow("chat_message", second), 1).get(0);

        StreamPosition at = truncate.truncate().orElseThrow().streamPosition();
        assertThat(before.event().txId()).isEqualTo(xid);
        assertThat(List.of(before.offset(), truncate.offset(), after.offset())).isSorted();
        assertThat(at).isGreaterThan(before.position()).isLessThan(after.position());
        assertThat(at.txnLsn()).as("one transaction").isEqualTo(before.position().txnLsn());
        StreamInvariant.assertOrderedWithExactReplays(tail.records());
    }

    private static boolean isTruncateOfTransaction(Relayed record, long xid) {
        return record.truncate().map(truncate -> truncate.txId() == xid).orElse(false);
    }

    /** Runs {@code sql} in its own transaction and returns the transaction's 32-bit id. */
    private static long truncate(String sql) throws Exception {
        try (Connection connection = RelayHarness.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
            long xid = RelayHarness.currentXid(connection);
            connection.commit();
            return xid;
        }
    }

    private static long insertMessage(Connection connection, long room, long author, String body) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO chat_message (room_id, author_id, body) VALUES (?, ?, ?) RETURNING id")) {
            insert.setLong(1, room);
            insert.setLong(2, author);
            insert.setString(3, body);
            try (var row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
