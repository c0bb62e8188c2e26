package io.nostale.gateway.stream;

import java.util.List;

/** Records read in one step, and the offset to read next (past gaps, even when {@code records} is empty). */
public record Batch(List<LoggedRecord> records, long nextOffset) {
}
