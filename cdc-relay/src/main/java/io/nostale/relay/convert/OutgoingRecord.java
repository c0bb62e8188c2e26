package io.nostale.relay.convert;

import io.nostale.wire.RecordKind;

/** One record ready for the change topic: a row change or a truncate, in the order the relay publishes them. */
public sealed interface OutgoingRecord permits OutgoingChange, OutgoingTruncate {

    /** The Kafka record key. */
    String key();

    /** The record's {@link RecordKind#HEADER} value. */
    RecordKind kind();

    /** Table the record is about. */
    String table();

    /** Its stream position, in canonical text. */
    String position();

    /** Commit time of its transaction, epoch milliseconds: also the Kafka record timestamp. */
    long commitMillis();
}
