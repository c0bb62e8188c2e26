package io.nostale.relay.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.StreamPosition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The property readers rely on: walking the topic in order, every change either has a position greater than all
 * before it, or repeats an earlier change exactly (same position, same value): a replay after a relay restart.
 * Truncates too, with one exception (D22): the tables of one {@code TRUNCATE} statement share its position, so a
 * truncate of another table at the highest position so far, right behind a truncate at it, is new as well.
 */
final class StreamInvariant {

    private StreamInvariant() {
    }

    /** Returns how many records were exact replays. */
    static int assertOrderedWithExactReplays(List<Relayed> records) {
        Map<String, String> seen = new HashMap<>();
        StreamPosition highest = StreamPosition.BEGINNING;
        boolean highestIsTruncate = false;
        int replays = 0;
        for (Relayed record : records) {
            if (record.change().isEmpty() && record.truncate().isEmpty()) {
                continue;
            }
            boolean truncate = record.truncate().isPresent();
            StreamPosition position = truncate ? record.truncate().get().streamPosition() : record.position();
            String key = position + (truncate ? " truncate " + record.truncate().get().table() : " change");
            if (position.isAfter(highest)) {
                highest = position;
                highestIsTruncate = truncate;
                seen.put(key, record.json());
            }
            else if (truncate && highestIsTruncate && position.equals(highest) && !seen.containsKey(key)) {
                seen.put(key, record.json()); // another table of the same statement
            }
            else {
                assertThat(seen.get(key))
                        .as("record at offset %d has position %s, not after %s, so it must replay an earlier record",
                                record.offset(), position, highest)
                        .isEqualTo(record.json());
                replays++;
            }
        }
        return replays;
    }
}
