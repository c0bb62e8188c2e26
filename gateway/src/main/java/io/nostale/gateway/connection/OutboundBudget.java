package io.nostale.gateway.connection;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One budget, in bytes, for everything queued to every socket of this gateway and not yet written, so that any
 * number of slow sockets together stay within a bounded part of the heap. A frame is charged its length plus a fixed
 * overhead for the queue entry; many sockets holding the same frame are each charged, which overstates the heap used
 * (their bytes are shared) and errs on the safe side.
 */
public final class OutboundBudget {

    /** Heap of one queued entry besides the frame bytes: the reference, the queue slot, the container's frame. */
    public static final int ENTRY_OVERHEAD = 64;

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();

    public OutboundBudget(long limit) {
        this.limit = limit;
    }

    public static long cost(byte[] frame) {
        return frame.length + ENTRY_OVERHEAD;
    }

    /** Takes {@code bytes} if they fit. */
    boolean tryTake(long bytes) {
        long now;
        do {
            now = used.get();
            if (now + bytes > limit) {
                return false;
            }
        } while (!used.compareAndSet(now, now + bytes));
        return true;
    }

    /** Takes {@code bytes} whether or not they fit: the few control frames that end a socket. */
    void force(long bytes) {
        used.addAndGet(bytes);
    }

    void give(long bytes) {
        if (bytes == 0) {
            return;
        }
        used.addAndGet(-bytes);
        if (lock.tryLock()) {
            try {
                released.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits until some bytes were given back or {@code nanos} passed; true if room for {@code bytes} exists now. */
    public boolean awaitRoom(long bytes, long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (used.get() + bytes > limit && left > 0) {
                left = released.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
            }
            return used.get() + bytes <= limit;
        } finally {
            lock.unlock();
        }
    }

    public long used() {
        return used.get();
    }

    public long limit() {
        return limit;
    }

    /** True when more than {@code fraction} of the budget is in use: new sockets are refused then. */
    public boolean isAbove(double fraction) {
        return used.get() > limit * fraction;
    }
}
