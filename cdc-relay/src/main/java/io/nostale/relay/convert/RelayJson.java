package io.nostale.relay.convert;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.nostale.wire.ChangeEvent;
import io.nostale.wire.StreamStart;
import io.nostale.wire.TruncateEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of the relay's Kafka values: Jackson's record serialization of the wire types, with exactly the record
 * components as fields ({@code TruncateEvent}'s derived position is a method, not a property, so it is not written).
 */
public final class RelayJson {

    /** {@link ChangeEvent#isHeartbeat()} would otherwise be written as a {@code heartbeat} field. */
    @JsonIgnoreProperties({"heartbeat"})
    private interface ChangeEventFields {
    }

    private final JsonMapper mapper = JsonMapper.builder()
            .addMixIn(ChangeEvent.class, ChangeEventFields.class)
            .build();

    public byte[] write(ChangeEvent event) {
        return mapper.writeValueAsBytes(event);
    }

    public byte[] write(TruncateEvent truncate) {
        return mapper.writeValueAsBytes(truncate);
    }

    /** The value of an outgoing record, whichever its kind. */
    public byte[] write(OutgoingRecord record) {
        if (record instanceof OutgoingTruncate truncate) {
            return write(truncate.event());
        }
        return write(((OutgoingChange) record).event());
    }

    public byte[] write(StreamStart start) {
        return mapper.writeValueAsBytes(start);
    }

    /** For the sequence array of Debezium's source block. */
    String[] readStringArray(String json) {
        return mapper.readValue(json, String[].class);
    }
}
