package io.nostale.gateway.connection;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One page's socket: its state and its outbox. Frames are queued here (each counted against the socket's own
 * limit and the gateway's {@link OutboundBudget}) and written by the container without blocking anyone: at most one
 * write is in flight, and it takes everything queued up to a byte budget, so a socket that is sent 20 frames at once
 * gets them in one flush. Nothing per socket is allocated before it is needed: an idle socket holds no queue.
 *
 * <p>Ending: {@link #finish} queues a last frame (a {@code resync} or an {@code error}) and the close frame behind
 * whatever is already on its way, so a frame is never cut; a client that takes nothing within the close grace loses
 * its TCP connection instead ({@link #abort}).
 */
public final class Connection {

    public enum State { AWAITING_SUBSCRIBE, SUBSCRIBING, LIVE, ENDING, ENDED }

    private final long id;
    private final Transport transport;
    private final OutboundBudget budget;
    private final long outboxLimit;
    private final long writeBytes;
    private final List<Runnable> endHooks = new ArrayList<>(2);
    private volatile State state = State.AWAITING_SUBSCRIBE;
    private ArrayDeque<byte[]> queue;
    private long queuedCost;
    private long inFlightCost;
    private long writingSinceNanos;
    private boolean writing;
    private int closeCode;
    private String closeReason;
    private boolean closeQueued;
    private Runnable drained;
    /** Cancels the subscribe timeout; dropped once the subscribe frame came (a pending timer costs heap per socket). */
    private Runnable subscribeDeadline;
    /** Touched only by the thread that queues (the dispatcher, or the catch-up of this socket). */
    private boolean dirty;

    public Connection(long id, Transport transport, OutboundBudget budget, long outboxLimit, long writeBytes) {
        this.id = id;
        this.transport = transport;
        this.budget = budget;
        this.outboxLimit = outboxLimit;
        this.writeBytes = writeBytes;
    }

    public long id() {
        return id;
    }

    public State state() {
        return state;
    }

    /** How to cancel this socket's subscribe timeout: run when it subscribes or ends. */
    public synchronized void subscribeDeadline(Runnable cancel) {
        subscribeDeadline = cancel;
    }

    /** The subscribe frame came (or the socket ended): the timeout is not needed any more. */
    public void cancelSubscribeDeadline() {
        Runnable cancel;
        synchronized (this) {
            cancel = subscribeDeadline;
            subscribeDeadline = null;
        }
        if (cancel != null) {
            cancel.run();
        }
    }

    /** Moves from {@code from} to {@code to}; false when the socket is elsewhere (e.g. ended meanwhile). */
    public synchronized boolean advance(State from, State to) {
        if (state != from) {
            return false;
        }
        state = to;
        return true;
    }

    public boolean isEnding() {
        State now = state;
        return now == State.ENDING || now == State.ENDED;
    }

    /** Runs {@code hook} once when the socket has ended (at once if it already has). */
    public void whenEnded(Runnable hook) {
        synchronized (this) {
            if (state != State.ENDED) {
                endHooks.add(hook);
                return;
            }
        }
        hook.run();
    }

    /**
     * Queues a frame; it is written at the next {@link #flush()}. Callers queue everything they have for the socket
     * first and flush once, so that frames that arrive together leave together.
     */
    public SendResult queue(byte[] frame) {
        long cost = OutboundBudget.cost(frame);
        synchronized (this) {
            if (isEnding()) {
                return SendResult.CLOSED;
            }
            if (queuedCost + cost > outboxLimit) {
                return SendResult.OVER_LIMIT;
            }
            if (!budget.tryTake(cost)) {
                return SendResult.BUDGET_SPENT;
            }
            enqueue(frame, cost);
        }
        return SendResult.QUEUED;
    }

    /** Marks the socket as having frames to flush; true the first time since the last {@link #flush()}. */
    public boolean markDirty() {
        if (dirty) {
            return false;
        }
        dirty = true;
        return true;
    }

    /** Starts writing what is queued, unless a write is in flight (its completion writes the rest). */
    public void flush() {
        dirty = false;
        pump();
    }

    /** Bytes queued or in flight on this socket (frame lengths plus entry overhead). */
    public synchronized long backlog() {
        return queuedCost;
    }

    /** Runs {@code listener} once nothing is queued or in flight any more (at once if so now). */
    public void whenDrained(Runnable listener) {
        boolean now;
        synchronized (this) {
            now = queuedCost == 0 || isEnding();
            if (!now) {
                drained = listener;
            }
        }
        if (now) {
            listener.run();
        }
    }

    /** True when a write has been in flight for longer than {@code limitNanos}: the client stopped reading. */
    public synchronized boolean isStalled(long nowNanos, long limitNanos) {
        return writing && nowNanos - writingSinceNanos > limitNanos;
    }

    /**
     * Ends the socket: {@code lastFrame} (if not null) and then the close frame go behind what is already queued, or,
     * with {@code dropQueued}, behind the write in flight only (a client too slow to read gets its resync at once when
     * it reads again, not after everything it fell behind on). Only the first call counts.
     */
    public void finish(byte[] lastFrame, int code, String reason, boolean dropQueued) {
        synchronized (this) {
            if (isEnding()) {
                return;
            }
            state = State.ENDING;
            if (dropQueued && queue != null) {
                budget.give(queuedCost - inFlightCost);
                queuedCost = inFlightCost;
                queue.clear();
            }
            if (lastFrame != null) {
                long cost = OutboundBudget.cost(lastFrame);
                budget.force(cost);
                enqueue(lastFrame, cost);
            }
            closeCode = code;
            closeReason = reason;
        }
        pump();
    }

    /** Closes the TCP connection now (the client took nothing within the grace); the container then reports the end. */
    public void abort() {
        transport.abort();
    }

    /** The container closed the socket: release what it held and run the end hooks. */
    public void ended() {
        List<Runnable> hooks;
        synchronized (this) {
            if (state == State.ENDED) {
                return;
            }
            hooks = List.copyOf(endHooks);
            endHooks.clear();
            state = State.ENDED;
            budget.give(queuedCost);
            queuedCost = 0;
            inFlightCost = 0;
            queue = null;
            drained = null;
        }
        cancelSubscribeDeadline();
        hooks.forEach(Runnable::run);
    }

    private void enqueue(byte[] frame, long cost) {
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        }
        queue.addLast(frame);
        queuedCost += cost;
    }

    /** Starts the next write if none is in flight: everything queued up to the write budget, or the close frame. */
    private void pump() {
        List<byte[]> batch = null;
        boolean close = false;
        Runnable onDrained = null;
        synchronized (this) {
            if (writing || state == State.ENDED) {
                return;
            }
            if (queue != null && !queue.isEmpty()) {
                batch = take();
            } else if (state == State.ENDING && !closeQueued) {
                closeQueued = true;
                close = true;
            } else {
                onDrained = drained;
                drained = null;
                queue = null; // idle sockets hold no queue
            }
        }
        if (batch != null) {
            transport.write(batch, this::written, this::failed);
        } else if (close) {
            transport.close(closeCode, closeReason);
        } else if (onDrained != null) {
            onDrained.run();
        }
    }

    private List<byte[]> take() {
        List<byte[]> batch = new ArrayList<>(Math.min(queue.size(), 64));
        long cost = 0;
        while (!queue.isEmpty() && (batch.isEmpty() || cost + OutboundBudget.cost(queue.peekFirst()) <= writeBytes)) {
            byte[] frame = queue.pollFirst();
            batch.add(frame);
            cost += OutboundBudget.cost(frame);
        }
        writing = true;
        writingSinceNanos = System.nanoTime();
        inFlightCost = cost;
        return batch;
    }

    private void written() {
        synchronized (this) {
            writing = false;
            if (state == State.ENDED) {
                return;
            }
            budget.give(inFlightCost);
            queuedCost -= inFlightCost;
            inFlightCost = 0;
        }
        pump();
    }

    private void failed(Throwable cause) {
        synchronized (this) {
            writing = false;
        }
        // The container ends the socket and tells the handler, which calls ended(); nothing more to write.
    }
}
