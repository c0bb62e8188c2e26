package io.nostale.relay.convert;

import io.nostale.wire.ChangeEvent;
import java.util.Objects;

/**
 * One change ready for the change topic.
 *
 * @param key   {@code <table>:<primary key values joined by ','>}
 * @param event the record value; its {@code commitMillis} is also the Kafka record timestamp
 */
public record OutgoingChange(String key, ChangeEvent event) {

    public OutgoingChange {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(event, "event");
    }
}
