package io.nostale.load.workload;

import io.nostale.load.check.WorkloadChange;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Every row change the driver commits, by id. The id is taken before the statement runs and is the row's marker
 * (in its title or body), so a frame that arrives before the writer has logged the commit still names it. Filled by
 * the writer threads, read by the reactors (commit time, for latency) and by the checks once writing stopped.
 */
public final class CommitLog {

    /** What {@link #committedNanos} answers for a change not (or never) committed. */
    public static final long NOT_COMMITTED = Long.MIN_VALUE;
    private static final long FAILED = -1;
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MAX_CHUNKS = 1 << 14;

    private final AtomicInteger next = new AtomicInteger();
    /** Commit times are kept relative to this (+1), so that 0 can mean pending whatever System.nanoTime() returns. */
    private final long epoch = System.nanoTime();
    private final AtomicReferenceArray<Chunk> chunks = new AtomicReferenceArray<>(MAX_CHUNKS);

    private static final class Chunk {
        final WorkloadChange[] changes = new WorkloadChange[CHUNK];
        final long[] xids = new long[CHUNK];
        /** When COMMIT returned, relative to the epoch, plus 1; 0 while pending. Written last: it publishes the xid. */
        final AtomicLongArray committedNanos = new AtomicLongArray(CHUNK);
        /** When the driver's own topic reader first saw the change, relative to the epoch, plus 1; 0: not yet. */
        final AtomicLongArray onTopicNanos = new AtomicLongArray(CHUNK);
    }

    /** Takes the next id for a change about to be committed. */
    public int allocate(WorkloadChange change) {
        int id = next.getAndIncrement();
        chunk(id).changes[id & (CHUNK - 1)] = change;
        return id;
    }

    /** Takes {@code count} consecutive ids; the first one is returned. */
    public int allocate(WorkloadChange[] changes) {
        int first = next.getAndAdd(changes.length);
        for (int i = 0; i < changes.length; i++) {
            chunk(first + i).changes[(first + i) & (CHUNK - 1)] = changes[i];
        }
        return first;
    }

    public void committed(int id, long xid, long committedNanos) {
        Chunk chunk = chunk(id);
        chunk.xids[id & (CHUNK - 1)] = xid;
        chunk.committedNanos.set(id & (CHUNK - 1), Math.max(1, committedNanos - epoch + 1));
    }

    public void failed(int id) {
        chunk(id).committedNanos.set(id & (CHUNK - 1), FAILED);
    }

    /** When the change's COMMIT returned (System.nanoTime()); {@link #NOT_COMMITTED} while pending or if it failed. */
    public long committedNanos(int id) {
        long stored = stored(id);
        return stored > 0 ? stored - 1 + epoch : NOT_COMMITTED;
    }

    /** The driver's topic reader saw the change on the change topic now (the first sighting counts). */
    public void onTopic(int id, long nanos) {
        if (id >= 0 && id < next.get()) {
            chunk(id).onTopicNanos.compareAndSet(id & (CHUNK - 1), 0, Math.max(1, nanos - epoch + 1));
        }
    }

    /** When the change was first seen on the topic; {@link #NOT_COMMITTED} if not (yet). */
    public long onTopicNanos(int id) {
        Chunk chunk = id >= 0 && id < next.get() ? chunks.get(id >>> CHUNK_BITS) : null;
        long stored = chunk == null ? 0 : chunk.onTopicNanos.get(id & (CHUNK - 1));
        return stored > 0 ? stored - 1 + epoch : NOT_COMMITTED;
    }

    public boolean isCommitted(int id) {
        return stored(id) > 0;
    }

    public boolean isFailed(int id) {
        return stored(id) == FAILED;
    }

    private long stored(int id) {
        Chunk chunk = id >= 0 && id < next.get() ? chunks.get(id >>> CHUNK_BITS) : null;
        return chunk == null ? 0 : chunk.committedNanos.get(id & (CHUNK - 1));
    }

    /** The 64-bit id of the committing transaction; valid once {@link #isCommitted}. */
    public long xid(int id) {
        return chunk(id).xids[id & (CHUNK - 1)];
    }

    public WorkloadChange change(int id) {
        return chunk(id).changes[id & (CHUNK - 1)];
    }

    /** The id the next change will get: every id below it was taken. */
    public int nextId() {
        return next.get();
    }

    private Chunk chunk(int id) {
        int index = id >>> CHUNK_BITS;
        if (id < 0 || index >= MAX_CHUNKS) {
            throw new IllegalArgumentException("change id out of range: " + id);
        }
        Chunk chunk = chunks.get(index);
        if (chunk == null) {
            chunks.compareAndSet(index, null, new Chunk());
            chunk = chunks.get(index);
        }
        return chunk;
    }
}
