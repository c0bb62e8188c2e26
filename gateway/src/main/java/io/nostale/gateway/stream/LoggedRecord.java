package io.nostale.gateway.stream;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.StreamStart;

/** One record of the change topic, decoded once by whoever read it from Kafka. */
public sealed interface LoggedRecord {

    /** Kafka offset of the record. */
    long offset();

    /** A committed row change (heartbeats included), with its position parsed once. */
    record Change(long offset, ChangeEvent event, StreamPosition position) implements LoggedRecord {
    }

    /** The relay (re)created its replication slot here; WAL before {@code start.startLsn()} was never captured. */
    record Start(long offset, StreamStart start) implements LoggedRecord {
    }

    /** A record nobody can read: a page crossing it cannot prove it missed nothing. */
    record Undecodable(long offset, String problem) implements LoggedRecord {
    }
}
