package io.nostale.relay.convert;

import io.debezium.config.CommonConnectorConfig;
import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.connector.postgresql.PostgresSourceInfoStructMaker;
import io.debezium.data.Envelope;
import io.debezium.time.ZonedTimestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Records shaped exactly like the postgres connector's: the source block uses Debezium's own
 * {@link PostgresSourceInfoStructMaker} schema and the envelope Debezium's {@link Envelope} builder.
 */
final class DebeziumRecords {

    static final Schema SOURCE = sourceSchema();

    static final Schema CHAT_ROOM_KEY = SchemaBuilder.struct().name("nostale.public.chat_room.Key")
            .field("id", Schema.INT64_SCHEMA).build();
    static final Schema CHAT_ROOM = SchemaBuilder.struct().name("nostale.public.chat_room.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("title", Schema.STRING_SCHEMA)
            .field("owner_id", Schema.INT64_SCHEMA)
            .field("created_at", ZonedTimestamp.builder().build())
            .field("version", Schema.INT64_SCHEMA)
            .optional().build();
    static final Envelope CHAT_ROOM_ENVELOPE = Envelope.defineSchema().withName("nostale.public.chat_room.Envelope")
            .withRecord(CHAT_ROOM).withSource(SOURCE).build();

    static final Schema MEMBER_KEY = SchemaBuilder.struct().name("nostale.public.chat_room_member.Key")
            .field("room_id", Schema.INT64_SCHEMA).field("user_id", Schema.INT64_SCHEMA).build();
    static final Schema MEMBER = SchemaBuilder.struct().name("nostale.public.chat_room_member.Value")
            .field("room_id", Schema.INT64_SCHEMA).field("user_id", Schema.INT64_SCHEMA)
            .field("joined_at", ZonedTimestamp.builder().build()).optional().build();
    static final Envelope MEMBER_ENVELOPE = Envelope.defineSchema().withName("nostale.public.chat_room_member.Envelope")
            .withRecord(MEMBER).withSource(SOURCE).build();

    private DebeziumRecords() {
    }

    private static Schema sourceSchema() {
        PostgresConnectorConfig config = new PostgresConnectorConfig(Configuration.from(Map.of(
                "topic.prefix", "nostale", "database.hostname", "localhost", "database.dbname", "nostale",
                "database.user", "nostale", "plugin.name", "pgoutput")));
        PostgresSourceInfoStructMaker maker = new PostgresSourceInfoStructMaker();
        maker.init("postgresql", "3.6.1.Final", (CommonConnectorConfig) config);
        return maker.schema();
    }

    static Struct source(String table, long txId, long lsn, String sequence, long commitMillis) {
        return new Struct(SOURCE)
                .put("version", "3.6.1.Final").put("connector", "postgresql").put("name", "nostale")
                .put("ts_ms", commitMillis).put("ts_us", commitMillis * 1000).put("ts_ns", commitMillis * 1_000_000)
                .put("snapshot", "false").put("db", "nostale").put("sequence", sequence)
                .put("schema", "public").put("table", table).put("txId", txId).put("lsn", lsn);
    }

    static Struct room(long id, String title, long ownerId, String createdAt, long version) {
        return new Struct(CHAT_ROOM).put("id", id).put("title", title).put("owner_id", ownerId)
                .put("created_at", createdAt).put("version", version);
    }

    static Struct roomKey(long id) {
        return new Struct(CHAT_ROOM_KEY).put("id", id);
    }

    static SourceRecord record(String table, Schema keySchema, Struct key, Envelope envelope, Struct value) {
        return new SourceRecord(Map.of("server", "nostale"), Map.of("lsn", 1L), "nostale.public." + table, null,
                keySchema, key, envelope.schema(), value);
    }

    static SourceRecord insertRoom(Struct after, Struct source) {
        return record("chat_room", CHAT_ROOM_KEY, roomKey(after.getInt64("id")), CHAT_ROOM_ENVELOPE,
                CHAT_ROOM_ENVELOPE.create(after, source, Instant.now()));
    }

    /**
     * What the connector emits for a truncated table ({@code skipped.operations=none}): op {@code t}, no before or
     * after, no key, on the table's topic; one such record per table of the statement, all with its LSN.
     */
    static SourceRecord truncate(String table, Envelope envelope, Struct source) {
        return new SourceRecord(Map.of("server", "nostale"), Map.of("lsn", 1L), "nostale.public." + table, null,
                null, null, envelope.schema(), envelope.truncate(source, Instant.now()));
    }

    /** What Debezium's heartbeat emits every heartbeat.interval.ms (topic __debezium-heartbeat.nostale). */
    static SourceRecord debeziumHeartbeat() {
        Schema keySchema = SchemaBuilder.struct().name("io.debezium.connector.common.ServerNameKey")
                .field("serverName", Schema.STRING_SCHEMA).build();
        Schema valueSchema = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA).build();
        return new SourceRecord(Map.of("server", "nostale"), Map.of("lsn", 2L), "__debezium-heartbeat.nostale", null,
                keySchema, new Struct(keySchema).put("serverName", "nostale"),
                valueSchema, new Struct(valueSchema).put("ts_ms", 1764099600000L));
    }
}
