package io.nostale.gateway.stream;

import io.nostale.gateway.page.Audience;
import io.nostale.gateway.page.Interest;
import io.nostale.wire.ChangeEvent;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.StreamStart;
import java.util.List;

/** One record of the change topic, decoded once by whoever read it from Kafka. */
public sealed interface LoggedRecord {

    /** Kafka offset of the record. */
    long offset();

    /**
     * A committed row change (heartbeats included), with its position parsed and its routing keys found once, when it
     * is read: every page that looks at it (live or replaying) only needs to compare keys.
     */
    record Change(long offset, ChangeEvent event, StreamPosition position, List<Interest> audience)
            implements LoggedRecord {

        public Change(long offset, ChangeEvent event, StreamPosition position) {
            this(offset, event, position, Audience.of(event));
        }

        public Change {
            audience = List.copyOf(audience);
        }

        /** True when a page with these routing keys can be concerned by this change. */
        public boolean concerns(List<Interest> interests) {
            for (Interest interest : interests) {
                if (audience.contains(interest)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The relay (re)created its replication slot here; WAL before {@code start.startLsn()} was never captured. */
    record Start(long offset, StreamStart start) implements LoggedRecord {
    }

    /** A record nobody can read: a page crossing it cannot prove it missed nothing. */
    record Undecodable(long offset, String problem) implements LoggedRecord {
    }
}
