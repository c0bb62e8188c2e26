package io.nostale.gateway.stream;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Lsn;
import io.nostale.wire.RecordKind;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.StreamStart;
import io.nostale.wire.TruncateEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Turns Kafka records of the change topic into {@link LoggedRecord}s; never throws on bad records. */
@Component
public class RecordDecoder {

    private static final Logger log = LoggerFactory.getLogger(RecordDecoder.class);

    private static final long MAX_XID32 = 0xFFFF_FFFFL;

    private final JsonMapper json;

    RecordDecoder(JsonMapper json) {
        this.json = json;
    }

    public LoggedRecord decode(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(RecordKind.HEADER);
        Optional<RecordKind> kind = header == null ? Optional.empty()
                : RecordKind.fromHeader(new String(header.value(), StandardCharsets.UTF_8));
        try {
            if (kind.isEmpty()) {
                return undecodable(record.offset(), "missing or unknown " + RecordKind.HEADER + " header");
            }
            return switch (kind.get()) {
                case CHANGE -> change(record);
                case STREAM_START -> start(record);
                case TRUNCATE -> truncate(record);
            };
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            return undecodable(record.offset(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Everything the delivery rule reads is checked here, so that a record it cannot judge is undecodable. */
    private LoggedRecord change(ConsumerRecord<String, String> record) {
        ChangeEvent event = json.readValue(record.value(), ChangeEvent.class);
        checkXid(event.txId());
        return new LoggedRecord.Change(record.offset(), event, StreamPosition.parse(event.position()));
    }

    private LoggedRecord truncate(ConsumerRecord<String, String> record) {
        TruncateEvent event = json.readValue(record.value(), TruncateEvent.class);
        checkXid(event.txId());
        return new LoggedRecord.Truncate(record.offset(), event, StreamPosition.parse(event.position()));
    }

    private static void checkXid(long txId) {
        if (txId < 0 || txId > MAX_XID32) {
            throw new IllegalArgumentException("txId " + txId + " is not a 32-bit transaction id");
        }
    }

    private LoggedRecord start(ConsumerRecord<String, String> record) {
        StreamStart start = json.readValue(record.value(), StreamStart.class);
        Lsn.parse(start.startLsn()); // the rule compares pages' LSNs with it
        return new LoggedRecord.Start(record.offset(), start);
    }

    private static LoggedRecord undecodable(long offset, String problem) {
        log.error("Change topic record at offset {} cannot be decoded ({}); pages crossing it will be told to resync",
                offset, problem);
        return new LoggedRecord.Undecodable(offset, problem);
    }
}
