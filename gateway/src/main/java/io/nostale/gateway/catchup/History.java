package io.nostale.gateway.catchup;

import io.nostale.gateway.GatewayProperties;
import io.nostale.gateway.stream.ChangeLog;
import io.nostale.pages.record.LoggedRecord;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The change history as one read: from the in-memory log when it holds the offset, otherwise from Kafka through a
 * pooled reader, up to where the log begins, in chunks that replaying pages share ({@link HistoryChunks}). Callers
 * never see which, and never an exception for "not held".
 */
@Component
public class History {

    private final ChangeLog log;
    private final HistoryChunks chunks;
    private final int batch;

    History(ChangeLog log, CatchUpReaders readers, GatewayProperties properties) {
        this.log = log;
        this.batch = properties.catchUpBatch();
        this.chunks = new HistoryChunks(batch, sharedChunks(properties), readers::read);
    }

    /** Chunks of Kafka history kept for replaying pages: a quarter of the in-memory log's records, at least two. */
    static int sharedChunks(GatewayProperties properties) {
        return Math.max(2, properties.logCapacity() / (4 * properties.catchUpBatch()));
    }

    /** True if the records from {@code offset} on are in the in-memory log now (a read of them touches no broker). */
    public boolean inMemory(long offset) {
        long first = log.firstOffset();
        return first >= 0 && offset >= first;
    }

    /** Up to one batch of records at or after {@code from}. */
    public HistoryRead read(long from) {
        long head = log.headOffset();
        List<LoggedRecord> records = new ArrayList<>();
        if (log.read(from, batch, records)) {
            long next = records.isEmpty() ? Math.max(from, head) : records.get(records.size() - 1).offset() + 1;
            return new HistoryRead.Records(records, next);
        }
        long until = log.firstOffset();
        return until <= from ? new HistoryRead.Records(List.of(), from) : chunks.read(from, until, log.epoch());
    }
}
