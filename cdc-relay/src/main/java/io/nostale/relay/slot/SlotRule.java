package io.nostale.relay.slot;

/**
 * What the relay does with its replication slot before Debezium starts, from what {@code pg_replication_slots} says
 * of it: a pure rule, apart from the queries and statements that carry it out ({@link StreamStarter}).
 *
 * <p>A slot whose {@code wal_status} is {@code lost} was invalidated ({@code max_slot_wal_keep_size} exceeded while
 * the relay was away): the WAL it needs is gone and Debezium fails on it at every start. Waiting does not help and
 * no one should have to drop it by hand, so the relay drops it and creates it anew, which announces a stream-start:
 * pages read before it resync {@code stream-reset}, because the changes committed while the slot was lost were
 * never captured. A lost slot still marked active (its last session not yet gone) cannot be dropped: that start
 * fails and the next one, after the restart backoff, tries again.
 */
enum SlotRule {
    /** No slot: create it and announce the stream-start. */
    CREATE,
    /** A usable slot: stream from it. */
    RESUME,
    /** An invalidated slot no session holds: drop it, then as {@link #CREATE}. */
    RECREATE,
    /** An invalidated slot a session still holds: fail this start, the next one decides again. */
    WAIT_FOR_RELEASE;

    static SlotRule of(boolean exists, String walStatus, boolean active) {
        if (!exists) {
            return CREATE;
        }
        if (!"lost".equals(walStatus)) {
            return RESUME;
        }
        return active ? WAIT_FOR_RELEASE : RECREATE;
    }
}
