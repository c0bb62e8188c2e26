package io.nostale.gateway.stream;

import io.nostale.pages.record.LoggedRecord;
import io.nostale.pages.record.RecordDecoder;
import io.nostale.wire.RecordKind;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Kafka records of the change topic into {@link LoggedRecord}s (the shared {@link RecordDecoder}), logging bad ones. */
@Component
public class TopicRecords {

    private static final Logger log = LoggerFactory.getLogger(TopicRecords.class);

    private final RecordDecoder decoder;

    TopicRecords(JsonMapper json) {
        this.decoder = new RecordDecoder(json);
    }

    public LoggedRecord decode(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(RecordKind.HEADER);
        LoggedRecord decoded = decoder.decode(record.offset(),
                header == null ? null : new String(header.value(), StandardCharsets.UTF_8), record.value());
        if (decoded instanceof LoggedRecord.Undecodable bad) {
            log.error("Change topic record at offset {} cannot be decoded ({}); pages crossing it will be told to resync",
                    bad.offset(), bad.problem());
        }
        return decoded;
    }
}
