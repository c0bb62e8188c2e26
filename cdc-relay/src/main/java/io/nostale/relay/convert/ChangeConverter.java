package io.nostale.relay.convert;

import io.debezium.data.Envelope;
import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Lsn;
import io.nostale.wire.Operation;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.TruncateEvent;
import java.util.Optional;
import java.util.StringJoiner;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;

/**
 * Turns a record of Debezium's postgres connector into the record the relay writes to Kafka.
 *
 * <p>Row changes (inserts, updates, deletes) become {@link ChangeEvent}s, truncates ({@code op} {@code t}, one event
 * per truncated table, no rows, no key) become {@link TruncateEvent}s: a page that showed the table must learn that
 * its rows are gone (D22). Everything else the engine hands over is acknowledged but not forwarded: Debezium's own
 * heartbeat records (topic {@code __debezium-heartbeat.*}), transaction metadata, tombstones, snapshot reads and
 * logical decoding messages. The heartbeat <em>table</em> {@code nostale_heartbeat} is an ordinary captured table and
 * is relayed.
 */
public final class ChangeConverter {

    private static final String TRUNCATE = "t";

    private final StreamPositions positions;

    public ChangeConverter(RelayJson json) {
        this.positions = new StreamPositions(json);
    }

    public Optional<OutgoingRecord> convert(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope) || !Envelope.isEnvelopeSchema(record.valueSchema())) {
            return Optional.empty();
        }
        if (TRUNCATE.equals(envelope.getString(Envelope.FieldName.OPERATION))) {
            return Optional.of(truncate(envelope));
        }
        Optional<Operation> op = operation(envelope);
        if (op.isEmpty()) {
            return Optional.empty();
        }
        Struct source = required(envelope, Envelope.FieldName.SOURCE, Struct.class);
        String table = required(source, "table", String.class);
        Lsn changeLsn = changeLsn(source);
        StreamPosition position = positions.fromSequence(required(source, "sequence", String.class), changeLsn);
        ChangeEvent event = new ChangeEvent(
                table,
                op.get(),
                required(source, "txId", Long.class),
                changeLsn.toString(),
                position.toString(),
                required(source, "ts_ms", Long.class),
                RowValues.of(envelope.getStruct(Envelope.FieldName.BEFORE)),
                RowValues.of(envelope.getStruct(Envelope.FieldName.AFTER)));
        return Optional.of(new OutgoingChange(key(table, record.key()), event));
    }

    /**
     * Debezium emits one truncate event per table of the statement, each with the statement's LSN, so they share a
     * position; their order on the topic is the order Debezium hands them over, as for every other record.
     */
    private OutgoingTruncate truncate(Struct envelope) {
        Struct source = required(envelope, Envelope.FieldName.SOURCE, Struct.class);
        Lsn changeLsn = changeLsn(source);
        StreamPosition position = positions.fromSequence(required(source, "sequence", String.class), changeLsn);
        return new OutgoingTruncate(new TruncateEvent(
                required(source, "table", String.class),
                required(source, "txId", Long.class),
                changeLsn.toString(),
                position.toString(),
                required(source, "ts_ms", Long.class)));
    }

    private static Lsn changeLsn(Struct source) {
        return StreamPositions.decimal(String.valueOf(required(source, "lsn", Long.class)), "source.lsn");
    }

    private static Optional<Operation> operation(Struct envelope) {
        String code = envelope.getString(Envelope.FieldName.OPERATION);
        return switch (code == null ? "" : code) {
            case "c" -> Optional.of(Operation.INSERT);
            case "u" -> Optional.of(Operation.UPDATE);
            case "d" -> Optional.of(Operation.DELETE);
            // r (snapshot read; none with snapshot.mode=no_data), m (message): not row changes; t: see truncate()
            default -> Optional.empty();
        };
    }

    /** {@code <table>:<primary key values joined by ','>}, key columns in the order Debezium lists them. */
    static String key(String table, @Nullable Object key) {
        StringJoiner values = new StringJoiner(",", table + ":", "");
        if (key instanceof Struct struct) {
            for (Field field : struct.schema().fields()) {
                values.add(String.valueOf(struct.get(field)));
            }
        }
        return values.toString();
    }

    private static <T> T required(Struct struct, String field, Class<T> type) {
        Field schemaField = struct.schema().field(field);
        Object value = schemaField == null ? null : struct.get(schemaField);
        if (!type.isInstance(value)) {
            throw new UnexpectedRecordException("Debezium record lacks " + struct.schema().name() + "." + field
                    + " of type " + type.getSimpleName() + ", got " + value);
        }
        return type.cast(value);
    }
}
