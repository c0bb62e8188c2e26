package io.nostale.pages.record;

import io.nostale.pages.Audience;
import io.nostale.pages.Interest;
import io.nostale.wire.ChangeEvent;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.StreamStart;
import io.nostale.wire.TruncateEvent;
import java.util.List;

/** One record of the change topic, decoded once by whoever read it from Kafka. */
public sealed interface LoggedRecord {

    /** Kafka offset of the record. */
    long offset();

    /**
     * A committed row change (heartbeats included), with its position parsed and its routing keys found once, when it
     * is read: every page that looks at it (live or replaying) only needs to compare keys. {@code audienceBits} is the
     * keys' {@link Interest#bits}: a replay compares one {@code long} per record for the pages a record cannot concern,
     * which are nearly all of them (a replay of 100,000 records for each of 10,000 pages is 10^9 such comparisons).
     */
    record Change(long offset, ChangeEvent event, StreamPosition position, List<Interest> audience, long audienceBits)
            implements LoggedRecord {

        public Change(long offset, ChangeEvent event, StreamPosition position) {
            this(offset, event, position, Audience.of(event));
        }

        public Change(long offset, ChangeEvent event, StreamPosition position, List<Interest> audience) {
            this(offset, event, position, audience, Interest.bits(audience));
        }

        public Change {
            audience = List.copyOf(audience);
            if (audienceBits != Interest.bits(audience)) {
                throw new IllegalArgumentException("audience bits do not match the audience " + audience);
            }
        }

        /** True when a page with these routing keys (and their {@link Interest#bits}) can be concerned by this change. */
        public boolean concerns(List<Interest> interests, long interestBits) {
            if ((audienceBits & interestBits) == 0) {
                return false;
            }
            for (Interest interest : interests) {
                if (audience.contains(interest)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A committed {@code TRUNCATE} of one table, with its position parsed when it is read. Not routed by keys: it
     * concerns every page that shows the table, whatever rows it shows, so every page judges it (D22).
     */
    record Truncate(long offset, TruncateEvent event, StreamPosition position) implements LoggedRecord {
    }

    /** The relay (re)created its replication slot here; WAL before {@code start.startLsn()} was never captured. */
    record Start(long offset, StreamStart start) implements LoggedRecord {
    }

    /** A record nobody can read: a page crossing it cannot prove it missed nothing. */
    record Undecodable(long offset, String problem) implements LoggedRecord {
    }
}
