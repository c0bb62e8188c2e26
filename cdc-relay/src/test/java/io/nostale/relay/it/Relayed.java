package io.nostale.relay.it;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.RecordKind;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.StreamStart;
import io.nostale.wire.TruncateEvent;
import java.util.Optional;

/** One record of the change topic as a test reads it back. */
record Relayed(long offset, long timestamp, String key, RecordKind kind, String json, long receivedNanos,
               Optional<ChangeEvent> change, Optional<StreamStart> streamStart, Optional<TruncateEvent> truncate) {

    ChangeEvent event() {
        return change.orElseThrow(() -> new AssertionError("not a change record: " + this));
    }

    StreamPosition position() {
        return event().streamPosition();
    }

    boolean isTruncateOf(String table) {
        return truncate.map(event -> event.table().equals(table)).orElse(false);
    }

    boolean isChangeOf(String table) {
        return change.map(event -> event.table().equals(table)).orElse(false);
    }

    boolean isChangeOfRow(String table, long id) {
        return change.map(event -> event.table().equals(table)
                && Long.valueOf(id).equals(asLong(event.row().get("id")))).orElse(false);
    }

    static Long asLong(Object value) {
        return value instanceof Number number ? number.longValue() : null;
    }
}
