package io.nostale.wire;

import java.util.Map;
import java.util.Objects;

/**
 * One committed row change, as the relay writes it to Kafka (JSON, one record per change) and the gateway
 * reads it back. Field names are the JSON names; LSNs and the position are in their canonical text.
 *
 * @param table        table name in schema {@code public}, e.g. {@code chat_room_join_request}
 * @param op           what happened to the row
 * @param txId         the 32-bit transaction id as logical decoding reports it (widen with {@link XidSnapshot#widen})
 * @param changeLsn    LSN of this change's WAL record
 * @param position     total order of the stream, see {@link StreamPosition}
 * @param commitMillis commit time of the transaction, epoch milliseconds (database clock)
 * @param before       row before the change (all columns: tables use {@code REPLICA IDENTITY FULL}); empty for inserts
 * @param after        row after the change; empty for deletes
 */
public record ChangeEvent(String table, Operation op, long txId, String changeLsn, String position,
                          long commitMillis, Map<String, Object> before, Map<String, Object> after) {

    /** Table the relay's heartbeat writes to; its changes exist to move positions forward. */
    public static final String HEARTBEAT_TABLE = "nostale_heartbeat";

    public ChangeEvent {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(changeLsn, "changeLsn");
        Objects.requireNonNull(position, "position");
        before = before == null ? Map.of() : before;
        after = after == null ? Map.of() : after;
    }

    public StreamPosition streamPosition() {
        return StreamPosition.parse(position);
    }

    public boolean isHeartbeat() {
        return HEARTBEAT_TABLE.equals(table);
    }

    /** The row as it is after the change, or as it was before a delete. */
    public Map<String, Object> row() {
        return op == Operation.DELETE ? before : after;
    }
}
