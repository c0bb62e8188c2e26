package io.nostale.relay.convert;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.RecordKind;
import java.util.Objects;

/**
 * One row change ready for the change topic.
 *
 * @param key   {@code <table>:<primary key values joined by ','>}
 * @param event the record value; its {@code commitMillis} is also the Kafka record timestamp
 */
public record OutgoingChange(String key, ChangeEvent event) implements OutgoingRecord {

    public OutgoingChange {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(event, "event");
    }

    @Override
    public RecordKind kind() {
        return RecordKind.CHANGE;
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
