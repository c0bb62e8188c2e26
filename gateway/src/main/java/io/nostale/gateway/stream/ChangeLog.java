package io.nostale.gateway.stream;

import io.nostale.pages.record.LoggedRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The most recent records of the change topic, in memory, shared by every connection: one writer (the tail
 * follower) and any number of lock-free readers. Records are stored by arrival sequence; each slot is checked
 * on read, so a reader that falls behind an overwrite learns it instead of reading a wrong record.
 *
 * <p>The live dispatcher never falls behind: the tail appends only while {@link #hasRoom()}, i.e. while the slot it
 * would overwrite holds a record the dispatcher has already handed out ({@link #dispatchedBelow}). A slow dispatcher
 * therefore slows the tail down; it never loses a record. Catch-up readers, which read older records, can fall
 * behind an overwrite and then read from Kafka instead.
 *
 * <p>Each slot also keeps the highest record timestamp so far (the commit time the relay sets), so where a page's
 * replay starts is found here by binary search ({@link #startFor}), without asking Kafka.
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
    /** True when the tail started at the topic's first retained record: nothing older existed then. */
    private volatile boolean baseIsTopicStart;
    /** Every record below this offset has been handed to the live pages; the tail never overwrites above it. */
    private volatile long dispatchedBelow = -1;
    /** Changes when the log is reset; readers holding offsets of an older epoch must start over. */
    private volatile int epoch;
    private long maxTimestamp = Long.MIN_VALUE;

    private record Slot(long sequence, LoggedRecord record, long maxTimestamp) {
    }

    public ChangeLog(int capacity) {
        this.capacity = capacity;
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /** Called by the tail thread once, before the first append: the log holds every record from here on. */
    void startAt(long offset, boolean topicStart) {
        baseIsTopicStart = topicStart;
        dispatchedBelow = offset;
        baseOffset = offset;
        headOffset = offset;
    }

    /** Forgets everything: the tail follows a different topic now (recreated), whose offsets mean other records. */
    void reset() {
        headOffset = -1;
        baseOffset = -1;
        dispatchedBelow = -1;
        for (int i = 0; i < capacity; i++) {
            slots.set(i, null);
        }
        maxTimestamp = Long.MIN_VALUE;
        nextSequence = 0;
        epoch++;
    }

    /** True when the next append overwrites nothing the live dispatcher still has to hand out. */
    boolean hasRoom() {
        long next = nextSequence;
        if (next < capacity - 1) {
            return true;
        }
        // Keep one slot of slack: lock-free readers may be reading the oldest one.
        Slot overwritten = slots.get((int) ((next + 1) % capacity));
        return overwritten == null || overwritten.record().offset() < dispatchedBelow;
    }

    /** Called by the single tail thread, in offset order, only while {@link #hasRoom()}. */
    void append(LoggedRecord record, long timestamp) {
        long sequence = nextSequence;
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        slots.set((int) (sequence % capacity), new Slot(sequence, record, maxTimestamp));
        nextSequence = sequence + 1;
    }

    /** Called by the tail thread after appending everything below {@code offset}. */
    void advanceHead(long offset) {
        headOffset = offset;
    }

    /** Called by the live dispatcher: every record below {@code offset} was handed out. */
    public void dispatchedBelow(long offset) {
        dispatchedBelow = offset;
    }

    /** The highest record timestamp (commit time) appended so far, or {@code Long.MIN_VALUE} before any. */
    public long newestTimestamp() {
        long next = nextSequence;
        Slot last = next == 0 ? null : slot(next - 1);
        return last == null ? Long.MIN_VALUE : last.maxTimestamp();
    }

    /** The offset the tail reads next, or -1 before the tail has started. */
    public long headOffset() {
        return headOffset;
    }

    public int epoch() {
        return epoch;
    }

    /** Lowest offset this log can still serve, or -1 before the tail has started. */
    public long firstOffset() {
        long next = nextSequence;
        if (next < capacity) {
            return baseOffset;
        }
        Slot oldest = slots.get((int) ((next - capacity + 1) % capacity));
        return oldest == null ? baseOffset : oldest.record().offset();
    }

    /**
     * Appends to {@code out} up to {@code max} records at or after {@code fromOffset}, in order (none when nothing new
     * has arrived). Returns false when records at {@code fromOffset} are not (or no longer) held: read Kafka instead.
     */
    public boolean read(long fromOffset, int max, List<LoggedRecord> out) {
        long next = nextSequence;
        long low = next < capacity ? 0 : next - capacity + 1; // one slot of slack: the writer overwrites next
        long base = baseOffset;
        if (base < 0 || fromOffset < base) {
            return false;
        }
        if (low > 0) {
            Slot oldest = slot(low);
            if (oldest == null || fromOffset < oldest.record().offset()) {
                return false;
            }
        }
        long start = firstSequenceAtOrAfter(fromOffset, low, next);
        if (start < 0) {
            return false;
        }
        int added = 0;
        for (long sequence = start; sequence < next && added < max; sequence++) {
            Slot slot = slot(sequence);
            if (slot == null) {
                return added > 0; // overwritten while we read: what we have is still a gap-free prefix
            }
            out.add(slot.record());
            added++;
        }
        return true;
    }

    /** Where a page read at {@code targetMillis} (minus the visibility window) starts, as far as this log can tell. */
    public LogStart startFor(long targetMillis) {
        long base = baseOffset;
        long head = headOffset;
        long next = nextSequence;
        if (base < 0) {
            return new LogStart.Unknown();
        }
        long low = next < capacity ? 0 : next - capacity + 1;
        if (next == 0) {
            // Nothing since the tail started: the page needs nothing, unless records older than the tail's start
            // could matter, which only the topic's own beginning rules out (as Kafka would answer).
            if (!baseIsTopicStart) {
                return new LogStart.Unknown();
            }
            return base > 0 ? new LogStart.Expired(base) : new LogStart.At(head);
        }
        Slot first = slot(low);
        if (first == null) {
            return new LogStart.Unknown();
        }
        if (first.maxTimestamp() >= targetMillis) {
            // Older records may be needed too: only the topic's own start is an answer here.
            if (low == 0 && baseIsTopicStart) {
                return base > 0 ? new LogStart.Expired(base) : new LogStart.At(base);
            }
            return new LogStart.Unknown();
        }
        long lo = low;
        long hi = next;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            Slot slot = slot(mid);
            if (slot == null) {
                return new LogStart.Unknown(); // overwritten meanwhile: the start is older than the log now
            }
            if (slot.maxTimestamp() < targetMillis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == next) {
            return new LogStart.At(head);
        }
        Slot start = slot(lo);
        return start == null ? new LogStart.Unknown() : new LogStart.At(start.record().offset());
    }

    /** First sequence in [low, high) whose record offset is at or after {@code offset}; -1 if overwritten meanwhile. */
    private long firstSequenceAtOrAfter(long offset, long low, long high) {
        long lo = low;
        long hi = high;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            Slot slot = slot(mid);
            if (slot == null) {
                return -1;
            }
            if (slot.record().offset() < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The slot of {@code sequence}, or null if it was overwritten (or never written). */
    private Slot slot(long sequence) {
        Slot slot = slots.get((int) (sequence % capacity));
        return slot == null || slot.sequence() != sequence ? null : slot;
    }

    /** What the log knows of where a replay starts. */
    public sealed interface LogStart {

        /** Start at this offset: it is the first record committed at or after the target time. */
        record At(long offset) implements LogStart {
        }

        /** The records the page needs may be older than the log: ask Kafka. */
        record Unknown() implements LogStart {
        }

        /** The topic's retained history starts at {@code beginning}, after what the page needs. */
        record Expired(long beginning) implements LogStart {
        }
    }
}
