package io.nostale.gateway.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The most recent records of the change topic, in memory, shared by every connection: one writer (the tail
 * follower) and any number of lock-free readers. Records are stored by arrival sequence; each slot is checked
 * on read, so a reader that falls behind an overwrite learns it instead of reading a wrong record.
 */
public final class ChangeLog {

    private final AtomicReferenceArray<Slot> slots;
    private final int capacity;
    /** Sequence number the next appended record gets; published after the slot is written. */
    private volatile long nextSequence;
    /** Kafka offset the tail will read next: every offset below it has been seen (and appended, if it existed). */
    private volatile long headOffset = -1;
    /** Kafka offset the tail started at; nothing below it was ever in this log. */
    private volatile long baseOffset = -1;

    private record Slot(long sequence, LoggedRecord record) {
    }

    public ChangeLog(int capacity) {
        this.capacity = capacity;
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /** Called by the tail thread once, before the first append: the log holds every record from here on. */
    void startAt(long offset) {
        baseOffset = offset;
        headOffset = offset;
    }

    /** Forgets everything: the tail follows a different topic now (recreated), whose offsets mean other records. */
    void reset() {
        headOffset = -1;
        baseOffset = -1;
        for (int i = 0; i < capacity; i++) {
            slots.set(i, null);
        }
        nextSequence = 0;
    }

    /** Called by the single tail thread, in offset order. */
    void append(LoggedRecord record) {
        long sequence = nextSequence;
        slots.set((int) (sequence % capacity), new Slot(sequence, record));
        nextSequence = sequence + 1;
    }

    /** Called by the tail thread after appending everything below {@code offset}. */
    void advanceHead(long offset) {
        headOffset = offset;
    }

    /** The offset the tail reads next, or -1 before the tail has started. */
    public long headOffset() {
        return headOffset;
    }

    /** Lowest offset this log can still serve. */
    public long firstOffset() {
        long next = nextSequence;
        return next < capacity ? baseOffset : recordAt(next - capacity + 1, -1).offset();
    }

    /**
     * Up to {@code max} records at or after {@code fromOffset}, in order; empty when nothing new has arrived.
     * Throws {@link EvictedException} when records at {@code fromOffset} are not (or no longer) held.
     */
    public List<LoggedRecord> read(long fromOffset, int max) {
        long next = nextSequence;
        // One slot of slack: the writer overwrites slot (next % capacity) next.
        long low = next < capacity ? 0 : next - capacity + 1;
        long heldFrom = next < capacity ? baseOffset : recordAt(low, fromOffset).offset();
        if (baseOffset < 0 || fromOffset < heldFrom) {
            throw new EvictedException(fromOffset);
        }
        long start = firstSequenceAtOrAfter(fromOffset, low, next);
        List<LoggedRecord> out = new ArrayList<>((int) Math.min(max, Math.max(0, next - start)));
        for (long sequence = start; sequence < next && out.size() < max; sequence++) {
            out.add(recordAt(sequence, fromOffset));
        }
        return out;
    }

    private long firstSequenceAtOrAfter(long offset, long low, long high) {
        long lo = low;
        long hi = high;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (recordAt(mid, offset).offset() < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private LoggedRecord recordAt(long sequence, long wantedOffset) {
        Slot slot = slots.get((int) (sequence % capacity));
        if (slot == null || slot.sequence() != sequence) {
            throw new EvictedException(wantedOffset);
        }
        return slot.record();
    }

    /** The reader asked for records the log no longer holds. */
    public static final class EvictedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        EvictedException(long offset) {
            super("offset " + offset + " is no longer in the in-memory log", null, false, false);
        }
    }
}
