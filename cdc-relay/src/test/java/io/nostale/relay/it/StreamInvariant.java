package io.nostale.relay.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.StreamPosition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The property readers rely on: walking the topic in order, every change either has a position greater than all
 * before it, or repeats an earlier change exactly (same position, same value): a replay after a relay restart.
 */
final class StreamInvariant {

    private StreamInvariant() {
    }

    /** Returns how many records were exact replays. */
    static int assertOrderedWithExactReplays(List<Relayed> records) {
        Map<StreamPosition, String> seen = new HashMap<>();
        StreamPosition highest = StreamPosition.BEGINNING;
        int replays = 0;
        for (Relayed record : records) {
            if (record.change().isEmpty()) {
                continue;
            }
            StreamPosition position = record.position();
            if (position.isAfter(highest)) {
                highest = position;
                seen.put(position, record.json());
            }
            else {
                assertThat(seen.get(position))
                        .as("record at offset %d has position %s, not after %s, so it must replay an earlier change",
                                record.offset(), position, highest)
                        .isEqualTo(record.json());
                replays++;
            }
        }
        return replays;
    }
}
