package io.nostale.gateway.catchup;

import io.nostale.pages.record.LoggedRecord;
import java.util.List;

/** One step of reading the change history ({@link History#read}). */
public sealed interface HistoryRead {

    /** Records in order (possibly none), and the offset to read next: past gaps, even when {@code records} is empty. */
    record Records(List<LoggedRecord> records, long next) implements HistoryRead {
    }

    /** Kafka did not answer in time, or every reader stayed busy: the page should retry later. */
    record Unavailable(String why) implements HistoryRead {
    }
}
