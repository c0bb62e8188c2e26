package io.nostale.gateway.session;

import io.nostale.gateway.catchup.BrokerUnavailableException;
import io.nostale.gateway.catchup.ResyncReason;
import io.nostale.gateway.page.PageFilter;
import io.nostale.gateway.page.Verdict;
import io.nostale.gateway.stream.Batch;
import io.nostale.gateway.stream.ChangeLog;
import io.nostale.gateway.stream.LoggedRecord;
import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Lsn;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.Timepoint;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * One page's connection after it subscribed. It pulls records from the shared log (or, while replaying older
 * history, from a pooled Kafka reader), keeps exactly the changes the page has not seen and shows, and writes
 * them in stream order. At most one thread drains a subscription at a time, so its frames are ordered.
 *
 * <p>The delivery rule, per change: skip it if its position is at or before what the page already applied
 * (re-delivered duplicates, resumed pages); skip it if its transaction is visible in the page's snapshot (the
 * page was rendered with it); otherwise ask the page's filter, which shows it, hides it, or shows it and ends the
 * subscription because the change altered what the user may see.
 */
final class Subscription {

    private static final Logger log = LoggerFactory.getLogger(Subscription.class);

    private final WebSocketSession session;
    private final SubscriptionClaims claims;
    private final long userId;
    private final Timepoint timepoint;
    private final PageFilter filter;
    private final String streamId;
    private final Delivery delivery;
    private final long subscribedNanos = System.nanoTime();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Progress progress;
    private volatile boolean caughtUp;
    private volatile boolean closed;
    private volatile boolean heartbeatDue;
    private volatile long lastSentNanos = System.nanoTime();

    Subscription(WebSocketSession session, SubscriptionClaims claims, PageFilter filter, String streamId,
            Progress start, Delivery delivery) {
        this.session = session;
        this.claims = claims;
        this.userId = claims.userId();
        this.timepoint = claims.timepoint();
        this.filter = filter;
        this.streamId = streamId;
        this.progress = start;
        this.delivery = delivery;
    }

    /** Schedules a drain unless one is pending; called by the tail on new records and by the heartbeat timer. */
    void wake() {
        if (closed || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            (caughtUp ? delivery.live() : delivery.catchUp()).execute(this::drain);
        } catch (RejectedExecutionException e) {
            scheduled.set(false); // shutting down
        }
    }

    void heartbeatIfIdle(Duration interval) {
        if (caughtUp && !closed && System.nanoTime() - lastSentNanos >= interval.toNanos()) {
            heartbeatDue = true;
            wake();
        }
    }

    private void drain() {
        try {
            while (!closed && step()) {
                // keep going while records are waiting
            }
        } catch (SessionLimitExceededException e) {
            dropSlowClient(e.getMessage());
        } catch (BrokerUnavailableException e) {
            log.warn("User {}: change stream unavailable during replay: {}", userId, e.getMessage());
            close(CloseCodes.status(CloseCodes.UNAVAILABLE, "change stream unavailable, retry"));
        } catch (RuntimeException e) {
            if (session.isOpen()) {
                log.warn("User {}: delivery failed, closing: {}", userId, e.toString());
            } else {
                log.debug("User {}: socket {} closed during delivery: {}", userId, session.getId(), e.toString());
            }
            close(CloseStatus.SERVER_ERROR);
        } finally {
            scheduled.set(false);
            if (!closed && (heartbeatDue || progress.nextOffset() < delivery.changeLog().headOffset())) {
                wake();
            }
        }
    }

    /** One batch of work; true when more may be waiting. */
    private boolean step() {
        long head = delivery.changeLog().headOffset();
        Progress at = progress;
        if (at.nextOffset() >= head) {
            if (!caughtUp) {
                send(ServerMessage.caughtUp(streamId, at.nextOffset() - 1, at.applied().toString(),
                        proof(at.nextOffset() - 1, at.applied())));
                caughtUp = true;
                log.debug("Socket {} user {}: caught up at offset {}", session.getId(), userId, at.nextOffset() - 1);
                delivery.metrics().caughtUp(Duration.ofNanos(System.nanoTime() - subscribedNanos));
            } else if (heartbeatDue) {
                send(ServerMessage.heartbeat(streamId, at.nextOffset() - 1, at.applied().toString(),
                        proof(at.nextOffset() - 1, at.applied())));
            }
            heartbeatDue = false;
            return false;
        }
        Batch batch = nextBatch(at.nextOffset(), head);
        for (LoggedRecord record : batch.records()) {
            if (!apply(record)) {
                return false;
            }
        }
        progress = new Progress(Math.max(batch.nextOffset(), progress.nextOffset()), progress.applied());
        return true;
    }

    private Batch nextBatch(long from, long head) {
        ChangeLog changeLog = delivery.changeLog();
        try {
            List<LoggedRecord> records = changeLog.read(from, delivery.properties().catchUpBatch());
            return new Batch(records, records.isEmpty() ? head : records.get(records.size() - 1).offset() + 1);
        } catch (ChangeLog.EvictedException e) {
            if (caughtUp) {
                throw new SessionLimitExceededException("fell behind the in-memory change log", CloseStatus.SESSION_NOT_RELIABLE);
            }
            long until = changeLog.firstOffset();
            return until <= from ? new Batch(List.of(), from) : delivery.readers().read(from, until);
        }
    }

    /** Applies one record; false when the subscription ended (resync). */
    private boolean apply(LoggedRecord record) {
        if (record instanceof LoggedRecord.Change change) {
            return applyChange(change);
        }
        if (record instanceof LoggedRecord.Start start) {
            // Capture (re)started: changes before it were never captured. A page read before that moment (by the
            // database clock), or at an older WAL position, cannot be proven complete. Both checks, because after
            // a restore the new database's LSNs can lie below positions pages read on the old one.
            Lsn slotStart = Lsn.parse(start.start().startLsn());
            boolean readBefore = timepoint.readAt().toEpochMilli() < start.start().startedMillis();
            if (readBefore || timepoint.lsn().compareTo(slotStart) < 0) {
                resync(ResyncReason.STREAM_RESET, "change capture (re)started at " + slotStart + " (database "
                        + start.start().systemId() + "), after this page was read at " + timepoint.lsn());
                return false;
            }
            // Positions compare within one capture only: the new slot's first transaction is 0/0#... (D4).
            progress = new Progress(start.offset() + 1, StreamPosition.BEGINNING);
            return true;
        }
        resync(ResyncReason.UNREADABLE_RECORD, "change record at offset " + record.offset() + " is unreadable");
        return false;
    }

    /** Applies one change; false when it ended the subscription. */
    private boolean applyChange(LoggedRecord.Change change) {
        Progress at = progress;
        if (!change.position().isAfter(at.applied())) {
            progress = new Progress(change.offset() + 1, at.applied()); // duplicate or already in the page
            return true;
        }
        ChangeEvent event = change.event();
        long xid = timepoint.snapshot().widen(event.txId());
        Verdict verdict = timepoint.includes(xid) ? Verdict.HIDE : filter.judge(event);
        if (verdict instanceof Verdict.Show show) {
            deliver(change, show.shown(), xid);
        } else if (verdict instanceof Verdict.ShowThenEnd end) {
            deliver(change, end.shown(), xid);
            progress = new Progress(change.offset() + 1, change.position());
            resync(ResyncReason.ACCESS_CHANGED, end.why());
            return false;
        }
        progress = new Progress(change.offset() + 1, change.position());
        return true;
    }

    private void deliver(LoggedRecord.Change change, ChangeEvent shown, long xid) {
        send(new ServerMessage.Change("change", streamId, change.offset(), shown.position(), xid, shown.table(),
                shown.op().name(), shown.before(), shown.after(), shown.commitMillis(),
                proof(change.offset(), change.position())));
        delivery.metrics().delivered();
    }

    /** The frame's resume proof, for pages that resume with one; null (left out of the frame) for the others. */
    private String proof(long offset, StreamPosition position) {
        return filter.needsResumeProof() ? delivery.proofs().prove(claims, streamId, offset, position.toString()) : null;
    }

    /**
     * Tells the page to resync and ends the subscription. The resync frame and close 4409 are queued behind any frame
     * still on its way (never cut into it, never blocking this thread), so a stalled client gets them when it reads
     * again, within the close grace.
     */
    void resync(ResyncReason reason, String detail) {
        closed = true;
        log.info("User {}: resync ({}): {}", userId, reason.wireName(), detail);
        delivery.metrics().resync(reason);
        String frame = delivery.json().writeValueAsString(ServerMessage.resync(reason.wireName(), detail));
        FrameWriter.of(session).finish(java.util.Optional.of(frame), CloseCodes.status(CloseCodes.RESYNC, reason.wireName()));
    }

    /**
     * Writes one frame. This delivery thread waits while the client's TCP window is full, but never longer than
     * the send time limit ({@link FrameWriter}): a client that does not take the frame within it is dropped as too
     * slow ({@link SessionLimitExceededException}), and the frame stays whole on its way.
     */
    private void send(ServerMessage message) {
        try {
            session.sendMessage(new TextMessage(delivery.json().writeValueAsString(message)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        lastSentNanos = System.nanoTime();
    }

    /**
     * The client took no frame within the send time limit, or fell behind the in-memory log. Its resync and close
     * 4409 go behind the frame still on its way, written by the closer (this thread serves other pages at once);
     * a client that reads nothing within the close grace loses its connection instead.
     */
    private void dropSlowClient(String why) {
        delivery.metrics().slowClientDropped();
        log.info("User {}: dropping slow client ({})", userId, why);
        resync(ResyncReason.SLOW_CLIENT, why);
    }

    /** Ends the subscription; the close frame follows any frame still on its way and never blocks this thread. */
    void close(CloseStatus status) {
        closed = true;
        try {
            session.close(status);
        } catch (java.io.IOException | RuntimeException e) {
            log.debug("Closing session failed", e);
        }
    }
}
