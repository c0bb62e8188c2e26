package io.nostale.gateway.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * One socket's outbox against a {@link Transport} that records every write and lets the test complete it: what is
 * written when, in how many writes, what the per-socket limit and the gateway's budget refuse, and that every byte
 * charged to the budget comes back on every path.
 */
class ConnectionTest {

    /** Every test frame is 100 bytes, so it costs 164 against the limits. */
    private static final int FRAME = 100;
    private static final long COST = FRAME + OutboundBudget.ENTRY_OVERHEAD;
    private static final long LARGE = 1_000_000;

    private final FakeTransport transport = new FakeTransport();
    private final OutboundBudget budget = new OutboundBudget(LARGE);

    // ---- writing ----------------------------------------------------------------------------------------------

    @Test
    void queuedFramesAreWrittenOnlyOnFlush() {
        Connection socket = connection(LARGE, LARGE);
        assertThat(socket.queue(frame("a"))).isEqualTo(SendResult.QUEUED);
        assertThat(socket.queue(frame("b"))).isEqualTo(SendResult.QUEUED);
        assertThat(transport.log).isEmpty();
        assertThat(socket.backlog()).isEqualTo(2 * COST);
        assertThat(budget.used()).isEqualTo(2 * COST);

        socket.flush();
        assertThat(transport.log).containsExactly("write a,b");
        transport.complete();
        assertThat(socket.backlog()).isZero();
        assertThat(budget.used()).isZero();
    }

    @Test
    void aFlushWritesEverythingQueuedInOneWriteUpToTheWriteBudgetAndTheRestInOrderAfterIt() {
        Connection socket = connection(LARGE, 3 * COST);
        for (String label : List.of("1", "2", "3", "4", "5", "6", "7")) {
            socket.queue(frame(label));
        }
        socket.flush();
        assertThat(transport.log).containsExactly("write 1,2,3");

        socket.flush(); // a write is in flight: its completion writes the rest
        socket.queue(frame("8"));
        socket.flush();
        assertThat(transport.log).as("at most one write in flight").containsExactly("write 1,2,3");

        transport.complete();
        transport.complete();
        transport.complete();
        assertThat(transport.log).containsExactly("write 1,2,3", "write 4,5,6", "write 7,8");
        assertThat(transport.writing()).isFalse();
        assertThat(budget.used()).isZero();
    }

    @Test
    void aFrameLargerThanTheWriteBudgetGoesAloneInItsOwnWrite() {
        Connection socket = connection(LARGE, COST);
        socket.queue(frame("big", 5 * FRAME));
        socket.queue(frame("a"));
        socket.queue(frame("b"));
        socket.flush();
        transport.complete();
        transport.complete();
        transport.complete();
        assertThat(transport.log).containsExactly("write big", "write a", "write b");
    }

    @Test
    void framesQueuedWhileAWriteIsInFlightLeaveWhenItCompletesEvenWithoutAnotherFlush() {
        Connection socket = connection(LARGE, LARGE);
        socket.queue(frame("a"));
        socket.flush();
        socket.queue(frame("b"));
        socket.queue(frame("c"));
        transport.complete();
        assertThat(transport.log).containsExactly("write a", "write b,c");
    }

    @Test
    void aTransportThatCompletesAtOnceStillGetsEveryFrameInOrder() {
        transport.completeAtOnce = true;
        Connection socket = connection(LARGE, COST);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            socket.queue(frame("f" + i));
            expected.add("write f" + i);
        }
        socket.flush();
        assertThat(transport.log).containsExactlyElementsOf(expected);
        assertThat(socket.backlog()).isZero();
        assertThat(budget.used()).isZero();
    }

    @Test
    void markDirtyIsTrueOnceUntilTheNextFlush() {
        Connection socket = connection(LARGE, LARGE);
        assertThat(socket.markDirty()).isTrue();
        assertThat(socket.markDirty()).isFalse();
        socket.flush();
        assertThat(socket.markDirty()).isTrue();
    }

    // ---- limits -----------------------------------------------------------------------------------------------

    @Test
    void theSocketsOwnLimitCountsQueuedAndInFlightBytes() {
        Connection socket = connection(3 * COST, LARGE);
        assertThat(List.of(socket.queue(frame("a")), socket.queue(frame("b")), socket.queue(frame("c"))))
                .containsOnly(SendResult.QUEUED);
        assertThat(socket.queue(frame("d"))).isEqualTo(SendResult.OVER_LIMIT);

        socket.flush(); // a, b, c in flight: still held by the socket until written
        assertThat(socket.queue(frame("d"))).isEqualTo(SendResult.OVER_LIMIT);
        assertThat(budget.used()).as("a refused frame is not charged").isEqualTo(3 * COST);

        transport.complete();
        assertThat(socket.queue(frame("d"))).isEqualTo(SendResult.QUEUED);
        socket.flush();
        transport.complete();
        assertThat(transport.log).as("refused frames are never written").containsExactly("write a,b,c", "write d");
        assertThat(budget.used()).isZero();
    }

    @Test
    void aSpentBudgetRefusesFramesOnEverySocketUntilWritesGiveItBack() {
        OutboundBudget small = new OutboundBudget(3 * COST);
        FakeTransport otherTransport = new FakeTransport();
        Connection first = new Connection(1, transport, small, LARGE, LARGE);
        Connection second = new Connection(2, otherTransport, small, LARGE, LARGE);
        first.queue(frame("a"));
        first.queue(frame("b"));
        assertThat(second.queue(frame("x"))).isEqualTo(SendResult.QUEUED);
        assertThat(second.queue(frame("y"))).isEqualTo(SendResult.BUDGET_SPENT);
        assertThat(first.queue(frame("c"))).isEqualTo(SendResult.BUDGET_SPENT);
        assertThat(small.used()).isEqualTo(3 * COST);

        first.flush();
        second.flush();
        transport.complete();
        assertThat(small.used()).isEqualTo(COST);
        assertThat(second.queue(frame("y"))).isEqualTo(SendResult.QUEUED);
        second.flush(); // x still in flight
        otherTransport.complete();
        otherTransport.complete();
        assertThat(transport.log).containsExactly("write a,b");
        assertThat(otherTransport.log).containsExactly("write x", "write y");
        assertThat(small.used()).isZero();
    }

    // ---- ending -----------------------------------------------------------------------------------------------

    @Test
    void finishQueuesTheLastFrameAndTheCloseBehindEverythingOnItsWay() {
        Connection socket = connection(LARGE, LARGE);
        socket.queue(frame("a"));
        socket.flush();
        socket.queue(frame("b"));
        socket.finish(frame("resync"), 4409, "slow-client", false);
        assertThat(socket.state()).isEqualTo(Connection.State.ENDING);
        assertThat(socket.isEnding()).isTrue();
        assertThat(transport.log).as("nothing cut, nothing overtaken").containsExactly("write a");

        transport.complete();
        assertThat(transport.log).containsExactly("write a", "write b,resync");
        transport.complete();
        assertThat(transport.log).containsExactly("write a", "write b,resync", "close 4409 slow-client");
        assertThat(budget.used()).isZero();

        socket.ended();
        assertThat(budget.used()).isZero();
        assertThat(transport.log).hasSize(3);
    }

    @Test
    void finishWithDropQueuedDropsOnlyTheFramesNotYetInFlight() {
        Connection socket = connection(LARGE, LARGE);
        socket.queue(frame("a"));
        socket.flush();
        socket.queue(frame("b"));
        socket.queue(frame("c"));
        socket.finish(frame("resync"), 4409, "slow-client", true);
        assertThat(budget.used()).as("a stays charged until written, b and c are given back, the resync is charged")
                .isEqualTo(2 * COST);
        assertThat(socket.backlog()).isEqualTo(2 * COST);

        transport.complete();
        transport.complete();
        assertThat(transport.log).containsExactly("write a", "write resync", "close 4409 slow-client");
        assertThat(budget.used()).isZero();
        socket.ended();
        assertThat(budget.used()).isZero();
    }

    @Test
    void finishWithDropQueuedOnAnUnflushedSocketDropsEverything() {
        Connection socket = connection(LARGE, LARGE);
        socket.queue(frame("a"));
        socket.queue(frame("b"));
        socket.finish(frame("resync"), 4409, "slow-client", true);
        transport.complete();
        assertThat(transport.log).containsExactly("write resync", "close 4409 slow-client");
        assertThat(budget.used()).isZero();
    }

    @Test
    void finishChargesTheLastFrameEvenWhenTheBudgetIsSpent() {
        OutboundBudget small = new OutboundBudget(COST);
        Connection socket = new Connection(1, transport, small, LARGE, LARGE);
        socket.queue(frame("a"));
        assertThat(socket.queue(frame("b"))).isEqualTo(SendResult.BUDGET_SPENT);
        socket.finish(frame("error"), 4503, "unavailable", false);
        transport.complete();
        assertThat(transport.log).containsExactly("write a,error", "close 4503 unavailable");
        assertThat(small.used()).isZero();
    }

    @Test
    void finishOnAnIdleSocketClosesAtOnceAndOnlyTheFirstFinishCounts() {
        Connection socket = connection(LARGE, LARGE);
        socket.finish(null, 1001, "going away", false);
        assertThat(transport.log).containsExactly("close 1001 going away");
        socket.finish(frame("resync"), 4409, "slow-client", true);
        assertThat(socket.queue(frame("a"))).isEqualTo(SendResult.CLOSED);
        socket.flush();
        assertThat(transport.log).containsExactly("close 1001 going away");
        assertThat(budget.used()).isZero();
    }

    @Test
    void endedReleasesEverythingItHeldEvenWithAWriteInFlight() {
        Connection socket = connection(LARGE, LARGE);
        socket.queue(frame("a"));
        socket.flush();
        socket.queue(frame("b"));
        assertThat(budget.used()).isEqualTo(2 * COST);

        socket.ended();
        assertThat(socket.state()).isEqualTo(Connection.State.ENDED);
        assertThat(budget.used()).isZero();
        assertThat(socket.backlog()).isZero();

        transport.complete(); // the container reports the write after the end
        assertThat(budget.used()).as("nothing given back twice").isZero();
        assertThat(transport.log).as("nothing written after the end").containsExactly("write a");
        assertThat(socket.queue(frame("c"))).isEqualTo(SendResult.CLOSED);
        assertThat(budget.used()).isZero();
    }

    @Test
    void aFailedWriteHoldsItsBytesUntilTheSocketEnds() {
        Connection socket = connection(LARGE, LARGE);
        socket.queue(frame("a"));
        socket.flush();
        socket.queue(frame("b"));
        transport.fail();
        socket.ended();
        assertThat(budget.used()).isZero();
        assertThat(transport.log).containsExactly("write a");
    }

    @Test
    void aSocketEndedWhileFinishingGivesBackItsLastFrameToo() {
        Connection socket = connection(LARGE, LARGE);
        socket.queue(frame("a"));
        socket.flush();
        socket.queue(frame("b"));
        socket.finish(frame("resync"), 4409, "slow-client", false);
        socket.ended(); // the client went away before taking anything
        assertThat(budget.used()).isZero();
        transport.complete();
        assertThat(budget.used()).isZero();
        assertThat(transport.log).containsExactly("write a");
    }

    @Test
    void endHooksRunOnceWhenTheSocketEndsAndAtOnceWhenAddedAfter() {
        Connection socket = connection(LARGE, LARGE);
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        socket.whenEnded(first::incrementAndGet);
        socket.whenEnded(second::incrementAndGet);
        socket.finish(null, 4409, "x", false);
        assertThat(first).as("finishing is not ending").hasValue(0);

        socket.ended();
        socket.ended();
        assertThat(first).hasValue(1);
        assertThat(second).hasValue(1);

        AtomicInteger late = new AtomicInteger();
        socket.whenEnded(late::incrementAndGet);
        assertThat(late).hasValue(1);
        socket.ended();
        assertThat(List.of(first.get(), second.get(), late.get())).containsOnly(1);
    }

    // ---- state, drain, stall ----------------------------------------------------------------------------------

    @Test
    void advanceMovesOnlyFromTheExpectedState() {
        Connection socket = connection(LARGE, LARGE);
        assertThat(socket.state()).isEqualTo(Connection.State.AWAITING_SUBSCRIBE);
        assertThat(socket.advance(Connection.State.SUBSCRIBING, Connection.State.LIVE)).isFalse();
        assertThat(socket.advance(Connection.State.AWAITING_SUBSCRIBE, Connection.State.SUBSCRIBING)).isTrue();
        assertThat(socket.advance(Connection.State.AWAITING_SUBSCRIBE, Connection.State.SUBSCRIBING))
                .as("a second subscribe frame").isFalse();
        socket.finish(null, 4409, "x", false);
        assertThat(socket.advance(Connection.State.SUBSCRIBING, Connection.State.LIVE)).isFalse();
        assertThat(socket.state()).isEqualTo(Connection.State.ENDING);
    }

    @Test
    void whenDrainedRunsAtOnceOnAnIdleSocketElseWhenTheLastWriteCompletes() {
        Connection socket = connection(LARGE, COST);
        AtomicInteger idle = new AtomicInteger();
        socket.whenDrained(idle::incrementAndGet);
        assertThat(idle).hasValue(1);

        AtomicInteger drained = new AtomicInteger();
        socket.queue(frame("a"));
        socket.queue(frame("b"));
        socket.flush();
        socket.whenDrained(drained::incrementAndGet);
        assertThat(drained).hasValue(0);
        transport.complete();
        assertThat(drained).as("b is still to be written").hasValue(0);
        transport.complete();
        assertThat(drained).hasValue(1);

        socket.queue(frame("c"));
        socket.flush();
        transport.complete();
        assertThat(drained).as("a drain listener runs once").hasValue(1);
    }

    @Test
    void whenDrainedRunsAtOnceOnAnEndingSocket() {
        Connection socket = connection(LARGE, LARGE);
        socket.queue(frame("a"));
        socket.flush();
        socket.finish(null, 4409, "x", false);
        AtomicInteger drained = new AtomicInteger();
        socket.whenDrained(drained::incrementAndGet);
        assertThat(drained).hasValue(1);
    }

    @Test
    void aSocketIsStalledOnlyWhileOneWriteHasBeenInFlightLongerThanTheLimit() {
        Connection socket = connection(LARGE, LARGE);
        long limit = TimeUnit.SECONDS.toNanos(10);
        assertThat(socket.isStalled(System.nanoTime() + 2 * limit, limit)).as("nothing in flight").isFalse();
        socket.queue(frame("a"));
        assertThat(socket.isStalled(System.nanoTime() + 2 * limit, limit)).as("queued, not in flight").isFalse();

        socket.flush();
        long now = System.nanoTime();
        assertThat(socket.isStalled(now, limit)).isFalse();
        assertThat(socket.isStalled(now + 2 * limit, limit)).isTrue();

        transport.complete();
        assertThat(socket.isStalled(now + 2 * limit, limit)).isFalse();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Connection connection(long outboxLimit, long writeBytes) {
        return new Connection(1, transport, budget, outboxLimit, writeBytes);
    }

    private static byte[] frame(String label) {
        return frame(label, FRAME);
    }

    /** {@code label} padded with dots to {@code length} bytes. */
    private static byte[] frame(String label, int length) {
        return (label + ".".repeat(length - label.length())).getBytes(StandardCharsets.US_ASCII);
    }

    /** Records writes and closes as text ({@code "write a,b"}, {@code "close 4409 slow-client"}); the test completes them. */
    private static final class FakeTransport implements Transport {

        final List<String> log = new ArrayList<>();
        boolean completeAtOnce;
        private Runnable written;
        private Consumer<Throwable> failed;

        @Override
        public void write(List<byte[]> frames, Runnable written, Consumer<Throwable> failed) {
            assertThat(this.written).as("a write while another is in flight").isNull();
            assertThat(frames).isNotEmpty();
            List<String> labels = frames.stream()
                    .map(frame -> new String(frame, StandardCharsets.US_ASCII).replaceAll("\\.+$", "")).toList();
            log.add("write " + String.join(",", labels));
            this.written = written;
            this.failed = failed;
            if (completeAtOnce) {
                complete();
            }
        }

        @Override
        public void close(int code, String reason) {
            assertThat(written).as("the close frame while a write is in flight").isNull();
            log.add("close " + code + " " + reason);
        }

        @Override
        public void abort() {
            log.add("abort");
        }

        boolean writing() {
            return written != null;
        }

        /** The write in flight completed. */
        void complete() {
            Runnable done = written;
            assertThat(done).as("a write in flight").isNotNull();
            written = null;
            failed = null;
            done.run();
        }

        /** The write in flight failed (the client reset the connection). */
        void fail() {
            Consumer<Throwable> failure = failed;
            assertThat(failure).as("a write in flight").isNotNull();
            written = null;
            failed = null;
            failure.accept(new IOException("connection reset"));
        }
    }
}
