package io.nostale.gateway.delivery;

import io.nostale.gateway.GatewayMetrics;
import io.nostale.gateway.connection.Connection;
import io.nostale.gateway.connection.Connections;
import io.nostale.gateway.connection.SendResult;
import io.nostale.gateway.protocol.CloseCodes;
import io.nostale.gateway.protocol.Frames;
import io.nostale.pages.delivery.Decision;
import io.nostale.pages.delivery.DeliveryRule;
import io.nostale.pages.delivery.ResyncReason;
import io.nostale.pages.record.LoggedRecord;
import io.nostale.wire.ResumeProofs;
import io.nostale.wire.StreamPosition;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the delivery rule's decisions on sockets, for the live dispatcher and the catch-ups alike: sends the
 * frame (with the page's resume proof where it needs one), moves the page's floor and cursor, ends the subscription
 * with a {@code resync} when the rule says so.
 */
final class Sender {

    private static final Logger log = LoggerFactory.getLogger(Sender.class);

    /** What became of one record for one page. */
    enum Outcome {
        /** Judged and, if it was for the page, queued: go on. */
        DONE,
        /** The subscription ended (resync, closed, dropped). */
        ENDED,
        /** Not queued because the gateway's outbound budget is spent: nothing changed, try again later. */
        BUDGET_SPENT,
        /** Not queued because the socket's own outbox is full: nothing changed. */
        OUTBOX_FULL
    }

    private final Frames frames;
    private final ResumeProofs proofs;
    private final GatewayMetrics metrics;
    private final Connections connections;
    private final Duration sendTimeLimit;

    Sender(Frames frames, ResumeProofs proofs, GatewayMetrics metrics, Connections connections, Duration sendTimeLimit) {
        this.frames = frames;
        this.sendTimeLimit = sendTimeLimit;
        this.proofs = proofs;
        this.metrics = metrics;
        this.connections = connections;
    }

    Frames frames() {
        return frames;
    }

    /** Judges {@code record} for {@code page} and acts on it; {@code cache} shares serialized frames between pages. */
    Outcome handle(Subscription page, LoggedRecord record, FrameCache cache, Flushes flushes) {
        if (page.isOver()) {
            return Outcome.ENDED;
        }
        Decision decision;
        try {
            decision = DeliveryRule.judge(page.timepoint(), page.filter(), page.floor(), record);
        } catch (RuntimeException e) {
            // The decoder rejects what the rule cannot read; should a record still defeat it, this page cannot be
            // proven complete past it, and no other page or record may be held up by it.
            log.error("Socket {}: cannot judge record {}: {}", page.connection().id(), record.offset(), e.toString());
            resync(page, ResyncReason.UNREADABLE_RECORD, "change record at offset " + record.offset() + " is unreadable");
            return Outcome.ENDED;
        }
        if (decision instanceof Decision.Deliver deliver) {
            Outcome sent = send(page, cache.frame(deliver.shown(), deliver.xid()), record.offset(), deliver.floor(),
                    flushes);
            if (sent == Outcome.DONE) {
                metrics.delivered();
                advance(page, record, decision);
            }
            return sent;
        }
        if (decision instanceof Decision.DeliverThenEnd end) {
            Outcome sent = send(page, cache.frame(end.shown(), end.xid()), record.offset(), end.floor(), flushes);
            if (sent != Outcome.DONE) {
                return sent;
            }
            metrics.delivered();
            advance(page, record, decision);
            resync(page, ResyncReason.ACCESS_CHANGED, end.why());
            return Outcome.ENDED;
        }
        if (decision instanceof Decision.Resync resync) {
            resync(page, resync.reason(), resync.detail());
            return Outcome.ENDED;
        }
        advance(page, record, decision);
        return Outcome.DONE;
    }

    private static void advance(Subscription page, LoggedRecord record, Decision decision) {
        page.floor(decision.floor());
        page.cursor(Math.max(page.cursor(), record.offset() + 1));
    }

    /**
     * {@link #handle}, and when every socket's outbound bytes together are at the budget, waits for writes to
     * complete (stalled sockets are dropped meanwhile by the stall watch) up to the send time limit; after that the
     * socket counts as too slow ({@link Outcome#OUTBOX_FULL}). Never answers {@link Outcome#BUDGET_SPENT}.
     */
    Outcome handleWithinBudget(Subscription page, LoggedRecord record, FrameCache cache, Flushes flushes,
            BooleanSupplier running) {
        Outcome outcome = handle(page, record, cache, flushes);
        if (outcome != Outcome.BUDGET_SPENT) {
            return outcome;
        }
        flushes.flushAll(); // what this round queued must get going, or no budget comes back
        long deadline = System.nanoTime() + sendTimeLimit.toNanos();
        while (outcome == Outcome.BUDGET_SPENT && System.nanoTime() < deadline && running.getAsBoolean()) {
            try {
                connections.budget().awaitRoom(4_096, deadline - System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            outcome = handle(page, record, cache, flushes);
        }
        return outcome == Outcome.BUDGET_SPENT ? Outcome.OUTBOX_FULL : outcome;
    }

    /** Sends a frame that moves the page's resume point to ({@code offset}, {@code position}). */
    Outcome send(Subscription page, byte[] frame, long offset, StreamPosition position, Flushes flushes) {
        byte[] bytes = page.needsProof()
                ? Frames.withProof(frame, proofs.prove(page.claims(), page.stream(), offset, position.toString()))
                : frame;
        SendResult result = page.connection().queue(bytes);
        return switch (result) {
            case QUEUED -> {
                page.sent();
                flushes.add(page.connection());
                yield Outcome.DONE;
            }
            case BUDGET_SPENT -> Outcome.BUDGET_SPENT;
            case OVER_LIMIT -> Outcome.OUTBOX_FULL;
            case CLOSED -> Outcome.ENDED;
        };
    }

    /** A replaying page's {@code heartbeat} at its current point. */
    Outcome sendReplayHeartbeat(Subscription page, long offset, StreamPosition position, Flushes flushes) {
        return send(page, frames.heartbeat(page.stream(), offset, position.toString()), offset, position, flushes);
    }

    /**
     * A live page's {@code caught-up} or {@code heartbeat} at its current point, with how fresh the stream is: its
     * newest database time ({@link StreamClock#UNKNOWN} before any; never so for {@code caught-up}), the gateway's time
     * since that arrived, and the limit past which the page shows "delayed".
     */
    Outcome sendLivePoint(Subscription page, boolean caughtUp, long offset, StreamPosition position, long streamAt,
            long streamAge, long freshness, Flushes flushes) {
        byte[] frame = caughtUp
                ? frames.caughtUp(page.stream(), offset, position.toString(), streamAt, streamAge, freshness)
                : frames.heartbeat(page.stream(), offset, position.toString(),
                        streamAt == StreamClock.UNKNOWN ? null : streamAt, streamAge, freshness);
        return send(page, frame, offset, position, flushes);
    }

    /** Tells the page to resync and ends its subscription; the frame and close 4409 go behind what is on its way. */
    void resync(Subscription page, ResyncReason reason, String detail) {
        resync(page.connection(), reason, detail, false);
    }

    /** The client reads too slowly: it gets its resync as soon as it reads again, not after its whole backlog. */
    void dropSlow(Connection connection, String why) {
        metrics.slowClientDropped();
        resync(connection, ResyncReason.SLOW_CLIENT, why, true);
    }

    private void resync(Connection connection, ResyncReason reason, String detail, boolean dropQueued) {
        if (connection.isEnding()) {
            return;
        }
        log.info("Socket {}: resync ({}): {}", connection.id(), reason.wireName(), detail);
        metrics.resync(reason);
        connections.end(connection, frames.resync(reason, detail), CloseCodes.RESYNC, reason.wireName(), dropQueued);
    }
}
