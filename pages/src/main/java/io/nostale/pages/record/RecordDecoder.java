package io.nostale.pages.record;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Lsn;
import io.nostale.wire.RecordKind;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.StreamStart;
import io.nostale.wire.TruncateEvent;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns records of the change topic (offset, kind header, value) into {@link LoggedRecord}s; never throws on bad
 * records. Free of any Kafka client: the gateway and the replay tool hand it what they read.
 */
public final class RecordDecoder {

    private static final long MAX_XID32 = 0xFFFF_FFFFL;

    private final JsonMapper json;

    public RecordDecoder(JsonMapper json) {
        this.json = json;
    }

    /**
     * @param kindHeader the value of the {@value RecordKind#HEADER} header, {@code null} when the record has none
     */
    public LoggedRecord decode(long offset, String kindHeader, String value) {
        Optional<RecordKind> kind = kindHeader == null ? Optional.empty() : RecordKind.fromHeader(kindHeader);
        try {
            if (kind.isEmpty()) {
                return new LoggedRecord.Undecodable(offset, "missing or unknown " + RecordKind.HEADER + " header");
            }
            return switch (kind.get()) {
                case CHANGE -> change(offset, value);
                case STREAM_START -> start(offset, value);
                case TRUNCATE -> truncate(offset, value);
            };
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            return new LoggedRecord.Undecodable(offset, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Everything the delivery rule reads is checked here, so that a record it cannot judge is undecodable. */
    private LoggedRecord change(long offset, String value) {
        ChangeEvent event = json.readValue(value, ChangeEvent.class);
        checkXid(event.txId());
        return new LoggedRecord.Change(offset, event, StreamPosition.parse(event.position()));
    }

    private LoggedRecord truncate(long offset, String value) {
        TruncateEvent event = json.readValue(value, TruncateEvent.class);
        checkXid(event.txId());
        return new LoggedRecord.Truncate(offset, event, StreamPosition.parse(event.position()));
    }

    private static void checkXid(long txId) {
        if (txId < 0 || txId > MAX_XID32) {
            throw new IllegalArgumentException("txId " + txId + " is not a 32-bit transaction id");
        }
    }

    private LoggedRecord start(long offset, String value) {
        StreamStart start = json.readValue(value, StreamStart.class);
        Lsn.parse(start.startLsn()); // the rule compares pages' LSNs with it
        return new LoggedRecord.Start(offset, start);
    }
}
