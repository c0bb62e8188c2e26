package io.nostale.relay.capture;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.nostale.relay.convert.ChangeConverter;
import io.nostale.relay.convert.OutgoingRecord;
import io.nostale.relay.kafka.ChangePublisher;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium's batch consumer: converts the batch (row changes and truncates, in the order Debezium hands them over),
 * sends it, waits until Kafka acknowledged every record, and only then marks the records processed (which is what
 * Debezium's offset commit, and the slot's flush LSN, follow).
 * Records that are not relayed (Debezium heartbeats, transaction markers) are marked too, so offsets advance on
 * quiet streams. A failed send throws: the engine stops without committing and the supervisor restarts it, which
 * re-reads the WAL from the last committed offset (at least once; replays carry the same positions).
 */
final class RelayChangeConsumer implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    private final ChangeConverter converter;
    private final ChangePublisher publisher;

    RelayChangeConsumer(ChangeConverter converter, ChangePublisher publisher) {
        this.converter = converter;
        this.publisher = publisher;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
                            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<OutgoingRecord> changes = new ArrayList<>(records.size());
        for (RecordChangeEvent<SourceRecord> record : records) {
            converter.convert(record.record()).ifPresent(changes::add);
        }
        publisher.publishAll(changes);
        for (RecordChangeEvent<SourceRecord> record : records) {
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
    }
}
