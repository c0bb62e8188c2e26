package io.nostale.wire;

import java.util.Objects;

/**
 * A committed {@code TRUNCATE} of one table, as the relay writes it to Kafka (JSON, record kind
 * {@link RecordKind#TRUNCATE}) and the gateway reads it back. There are no rows: every row of {@code table} is gone,
 * and no page can be brought up to date by changes, only by reading the table again.
 *
 * <p>One statement that truncates several tables ({@code TRUNCATE a, b}, or {@code TRUNCATE a CASCADE} reaching the
 * tables that reference {@code a}) is one WAL record, so it becomes one record per table that all carry the same
 * {@code changeLsn} and {@link #position}: the only records of the stream that share a position without being
 * replays of each other (docs/decisions.md, D22).
 *
 * @param table        table name in schema {@code public}, e.g. {@code chat_message}
 * @param txId         the 32-bit transaction id as logical decoding reports it (widen with {@link XidSnapshot#widen})
 * @param changeLsn    LSN of the truncate's WAL record
 * @param position     total order of the stream, see {@link StreamPosition}
 * @param commitMillis commit time of the transaction, epoch milliseconds (database clock)
 */
public record TruncateEvent(String table, long txId, String changeLsn, String position, long commitMillis) {

    public TruncateEvent {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(changeLsn, "changeLsn");
        Objects.requireNonNull(position, "position");
    }

    public StreamPosition streamPosition() {
        return StreamPosition.parse(position);
    }
}
