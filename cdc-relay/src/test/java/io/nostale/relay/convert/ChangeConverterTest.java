package io.nostale.relay.convert;

import static io.nostale.relay.convert.DebeziumRecords.CHAT_ROOM_ENVELOPE;
import static io.nostale.relay.convert.DebeziumRecords.CHAT_ROOM_KEY;
import static io.nostale.relay.convert.DebeziumRecords.MEMBER;
import static io.nostale.relay.convert.DebeziumRecords.MEMBER_ENVELOPE;
import static io.nostale.relay.convert.DebeziumRecords.MEMBER_KEY;
import static io.nostale.relay.convert.DebeziumRecords.record;
import static io.nostale.relay.convert.DebeziumRecords.room;
import static io.nostale.relay.convert.DebeziumRecords.roomKey;
import static io.nostale.relay.convert.DebeziumRecords.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Lsn;
import io.nostale.wire.Operation;
import io.nostale.wire.RecordKind;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.TruncateEvent;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class ChangeConverterTest {

    private static final long COMMIT_MILLIS = 1764099600123L;
    private static final String CREATED_AT = "2025-11-25T19:40:00.123456Z";

    private final ChangeConverter converter = new ChangeConverter(new RelayJson());

    private OutgoingChange change(org.apache.kafka.connect.source.SourceRecord record) {
        return (OutgoingChange) converter.convert(record).orElseThrow();
    }

    @Test
    void insertBecomesChangeEventPositionedBySequence() {
        Struct source = source("chat_room", 755, 23_900_000L, "[\"23899000\",\"23900000\"]", COMMIT_MILLIS);

        OutgoingChange change = change(DebeziumRecords.insertRoom(room(7, "Lobby", 1, CREATED_AT, 1), source));

        ChangeEvent event = change.event();
        assertThat(change.key()).isEqualTo("chat_room:7");
        assertThat(event.table()).isEqualTo("chat_room");
        assertThat(event.op()).isEqualTo(Operation.INSERT);
        assertThat(event.txId()).isEqualTo(755);
        assertThat(event.changeLsn()).isEqualTo(new Lsn(23_900_000L).toString()).isEqualTo("0/16CAF60");
        assertThat(event.streamPosition())
                .isEqualTo(new StreamPosition(new Lsn(23_899_000L), new Lsn(23_900_000L)));
        assertThat(event.commitMillis()).isEqualTo(COMMIT_MILLIS);
        assertThat(event.before()).isEmpty();
        assertThat(event.after()).containsExactly(Map.entry("id", 7L), Map.entry("title", "Lobby"),
                Map.entry("owner_id", 1L), Map.entry("created_at", CREATED_AT), Map.entry("version", 1L));
    }

    @Test
    void updateCarriesTheWholeRowBeforeAndAfter() {
        Struct before = room(7, "Lobby", 1, CREATED_AT, 1);
        Struct after = room(7, "Hall", 1, CREATED_AT, 2);
        Struct value = CHAT_ROOM_ENVELOPE.update(before, after,
                source("chat_room", 756, 24_000_000L, "[\"23950000\",\"24000000\"]", COMMIT_MILLIS), Instant.now());

        ChangeEvent event = change(record("chat_room", CHAT_ROOM_KEY, roomKey(7), CHAT_ROOM_ENVELOPE, value)).event();

        assertThat(event.op()).isEqualTo(Operation.UPDATE);
        assertThat(event.before()).containsEntry("title", "Lobby").containsEntry("version", 1L);
        assertThat(event.after()).containsEntry("title", "Hall").containsEntry("version", 2L);
    }

    @Test
    void deleteKeepsTheOldRowAndHasNoAfter() {
        Struct value = CHAT_ROOM_ENVELOPE.delete(room(7, "Hall", 1, CREATED_AT, 2),
                source("chat_room", 757, 24_100_000L, "[\"24050000\",\"24100000\"]", COMMIT_MILLIS), Instant.now());

        ChangeEvent event = change(record("chat_room", CHAT_ROOM_KEY, roomKey(7), CHAT_ROOM_ENVELOPE, value)).event();

        assertThat(event.op()).isEqualTo(Operation.DELETE);
        assertThat(event.after()).isEmpty();
        assertThat(event.row()).containsEntry("id", 7L);
    }

    @Test
    void keyJoinsCompositePrimaryKeyInColumnOrder() {
        Struct member = new Struct(MEMBER).put("room_id", 3L).put("user_id", 12L).put("joined_at", CREATED_AT);
        Struct value = MEMBER_ENVELOPE.create(member,
                source("chat_room_member", 758, 24_200_000L, "[\"24150000\",\"24200000\"]", COMMIT_MILLIS), Instant.now());
        Struct key = new Struct(MEMBER_KEY).put("room_id", 3L).put("user_id", 12L);

        OutgoingChange change = change(record("chat_room_member", MEMBER_KEY, key, MEMBER_ENVELOPE, value));

        assertThat(change.key()).isEqualTo("chat_room_member:3,12");
    }

    @Test
    void firstTransactionOfANewSlotHasNoPreviousCommitAndStartsAtZero() {
        Struct source = source("chat_room", 755, 23_900_000L, "[null,\"23900000\"]", COMMIT_MILLIS);

        ChangeEvent event = change(DebeziumRecords.insertRoom(room(7, "Lobby", 1, CREATED_AT, 1), source)).event();

        assertThat(event.position()).isEqualTo("0/0#0/16CAF60");
        assertThat(event.streamPosition().txnLsn()).isEqualTo(Lsn.ZERO);
    }

    @Test
    void positionsOrderTransactionsByPreviousCommitNotByChangeLsn() {
        // T1 wrote first (lower change LSN) but committed after T2: it is decoded second, after T2's commit
        ChangeEvent t2 = change(DebeziumRecords.insertRoom(room(8, "B", 1, CREATED_AT, 1),
                source("chat_room", 901, 30_000_200L, "[\"29000000\",\"30000200\"]", COMMIT_MILLIS))).event();
        ChangeEvent t1 = change(DebeziumRecords.insertRoom(room(7, "A", 1, CREATED_AT, 1),
                source("chat_room", 900, 30_000_100L, "[\"30000300\",\"30000100\"]", COMMIT_MILLIS))).event();

        assertThat(Lsn.parse(t1.changeLsn())).isLessThan(Lsn.parse(t2.changeLsn()));
        assertThat(t1.streamPosition()).isGreaterThan(t2.streamPosition());
    }

    @Test
    void truncateBecomesATruncateRecordOfItsTablePositionedBySequence() {
        Struct source = source("chat_room", 760, 24_300_000L, "[\"24250000\",\"24300000\"]", COMMIT_MILLIS);

        OutgoingRecord converted = converter.convert(DebeziumRecords.truncate("chat_room", CHAT_ROOM_ENVELOPE, source))
                .orElseThrow();

        assertThat(converted).isInstanceOfSatisfying(OutgoingTruncate.class, truncate -> {
            assertThat(truncate.kind()).isEqualTo(RecordKind.TRUNCATE);
            assertThat(truncate.key()).isEqualTo("truncate:chat_room");
            TruncateEvent event = truncate.event();
            assertThat(event).isEqualTo(new TruncateEvent("chat_room", 760, new Lsn(24_300_000L).toString(),
                    new StreamPosition(new Lsn(24_250_000L), new Lsn(24_300_000L)).toString(), COMMIT_MILLIS));
            assertThat(truncate.commitMillis()).isEqualTo(COMMIT_MILLIS);
            assertThat(truncate.position()).isEqualTo(event.position());
        });
    }

    @Test
    void eachTableOfOneTruncateStatementBecomesItsOwnRecordAtTheStatementsPosition() {
        // TRUNCATE chat_room CASCADE: one WAL record, so Debezium gives every table the same LSN and sequence
        String sequence = "[\"24250000\",\"24300000\"]";
        OutgoingRecord room = converter.convert(DebeziumRecords.truncate("chat_room", CHAT_ROOM_ENVELOPE,
                source("chat_room", 761, 24_300_000L, sequence, COMMIT_MILLIS))).orElseThrow();
        OutgoingRecord members = converter.convert(DebeziumRecords.truncate("chat_room_member", MEMBER_ENVELOPE,
                source("chat_room_member", 761, 24_300_000L, sequence, COMMIT_MILLIS))).orElseThrow();

        assertThat(room.table()).isEqualTo("chat_room");
        assertThat(members.table()).isEqualTo("chat_room_member");
        assertThat(members.key()).isEqualTo("truncate:chat_room_member");
        assertThat(members.position()).isEqualTo(room.position()).isEqualTo("0/1720690#0/172C9E0");
    }

    @Test
    void truncateOfTheFirstTransactionOfANewSlotStartsAtZero() {
        OutgoingRecord converted = converter.convert(DebeziumRecords.truncate("chat_room", CHAT_ROOM_ENVELOPE,
                source("chat_room", 762, 23_900_000L, "[null,\"23900000\"]", COMMIT_MILLIS))).orElseThrow();
        TruncateEvent event = ((OutgoingTruncate) converted).event();

        assertThat(event.streamPosition()).isEqualTo(new StreamPosition(Lsn.ZERO, new Lsn(23_900_000L)));
    }

    @Test
    void refusesATruncateWhoseSequenceDoesNotEndWithItsLsn() {
        Struct source = source("chat_room", 763, 24_300_000L, "[\"24250000\",\"24300001\"]", COMMIT_MILLIS);

        assertThatThrownBy(() -> converter.convert(DebeziumRecords.truncate("chat_room", CHAT_ROOM_ENVELOPE, source)))
                .isInstanceOf(UnexpectedRecordException.class).hasMessageContaining("does not end with source.lsn");
    }

    @Test
    void debeziumHeartbeatRecordsAreNotRelayed() {
        assertThat(converter.convert(DebeziumRecords.debeziumHeartbeat())).isEmpty();
    }

    @Test
    void heartbeatTableChangesAreRelayedLikeAnyOtherTable() {
        var keySchema = org.apache.kafka.connect.data.SchemaBuilder.struct().name("nostale.public.nostale_heartbeat.Key")
                .field("id", org.apache.kafka.connect.data.Schema.INT32_SCHEMA).build();
        var rowSchema = org.apache.kafka.connect.data.SchemaBuilder.struct().name("nostale.public.nostale_heartbeat.Value")
                .field("id", org.apache.kafka.connect.data.Schema.INT32_SCHEMA)
                .field("beat_at", io.debezium.time.ZonedTimestamp.builder().build()).optional().build();
        var envelope = io.debezium.data.Envelope.defineSchema().withName("nostale.public.nostale_heartbeat.Envelope")
                .withRecord(rowSchema).withSource(DebeziumRecords.SOURCE).build();
        Struct row = new Struct(rowSchema).put("id", 1).put("beat_at", CREATED_AT);
        Struct value = envelope.update(row, row,
                source("nostale_heartbeat", 800, 25_000_000L, "[\"24900000\",\"25000000\"]", COMMIT_MILLIS), Instant.now());

        OutgoingChange change = change(record("nostale_heartbeat", keySchema,
                new Struct(keySchema).put("id", 1), envelope, value));

        assertThat(change.key()).isEqualTo("nostale_heartbeat:1");
        assertThat(change.event().isHeartbeat()).isTrue();
    }

    @Test
    void sqlNullColumnsStayNull() {
        var schema = org.apache.kafka.connect.data.SchemaBuilder.struct()
                .field("id", org.apache.kafka.connect.data.Schema.INT64_SCHEMA)
                .field("decided_at", io.debezium.time.ZonedTimestamp.builder().optional().build()).build();

        Map<String, Object> row = RowValues.of(new Struct(schema).put("id", 3L));

        assertThat(row).containsEntry("id", 3L).containsEntry("decided_at", null).hasSize(2);
        assertThat(RowValues.of(null)).isEmpty();
    }

    @Test
    void refusesSequenceThatDoesNotEndWithTheChangeLsn() {
        Struct source = source("chat_room", 755, 23_900_000L, "[\"23899000\",\"23900001\"]", COMMIT_MILLIS);

        assertThatThrownBy(() -> converter.convert(DebeziumRecords.insertRoom(room(7, "L", 1, CREATED_AT, 1), source)))
                .isInstanceOf(UnexpectedRecordException.class).hasMessageContaining("does not end with source.lsn");
    }

    @Test
    void refusesMalformedSequence() {
        for (String sequence : new String[] {"23900000", "[\"1\"]", "[\"x\",\"23900000\"]", "[\"1\",null]"}) {
            Struct source = source("chat_room", 755, 23_900_000L, sequence, COMMIT_MILLIS);
            assertThatThrownBy(() -> converter.convert(DebeziumRecords.insertRoom(room(7, "L", 1, CREATED_AT, 1), source)))
                    .as(sequence).isInstanceOf(UnexpectedRecordException.class);
        }
    }
}
