package io.nostale.relay.convert;

import io.nostale.wire.RecordKind;
import io.nostale.wire.TruncateEvent;
import java.util.Objects;

/**
 * One table's truncate ready for the change topic; its key is {@code truncate:<table>}.
 *
 * @param event the record value; its {@code commitMillis} is also the Kafka record timestamp
 */
public record OutgoingTruncate(TruncateEvent event) implements OutgoingRecord {

    public OutgoingTruncate {
        Objects.requireNonNull(event, "event");
    }

    @Override
    public String key() {
        return "truncate:" + event.table();
    }

    @Override
    public RecordKind kind() {
        return RecordKind.TRUNCATE;
    }

    @Override
    public String table() {
        return event.table();
    }

    @Override
    public String position() {
        return event.position();
    }

    @Override
    public long commitMillis() {
        return event.commitMillis();
    }
}
