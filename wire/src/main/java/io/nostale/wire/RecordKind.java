package io.nostale.wire;

import java.util.Optional;

/**
 * The kinds of record on the change topic, carried in the Kafka header {@value #HEADER}. Heartbeats are
 * ordinary {@link ChangeEvent}s of the table {@value ChangeEvent#HEARTBEAT_TABLE}: they advance positions
 * on quiet streams and match no page.
 *
 * <p>A reader that meets a kind it does not know cannot tell what the record held: the gateway treats it as an
 * unreadable record, so pages crossing it resync. New kinds therefore need gateways that know them deployed
 * before relays that write them.
 */
public enum RecordKind {
    /** Value is a {@link ChangeEvent}. */
    CHANGE("change"),
    /** Value is a {@link StreamStart}: the relay created its replication slot, history before it is unknown. */
    STREAM_START("stream-start"),
    /** Value is a {@link TruncateEvent}: every row of one table is gone. */
    TRUNCATE("truncate");

    public static final String HEADER = "nostale-kind";

    private final String headerValue;

    RecordKind(String headerValue) {
        this.headerValue = headerValue;
    }

    public String headerValue() {
        return headerValue;
    }

    public static Optional<RecordKind> fromHeader(String value) {
        for (RecordKind kind : values()) {
            if (kind.headerValue.equals(value)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
