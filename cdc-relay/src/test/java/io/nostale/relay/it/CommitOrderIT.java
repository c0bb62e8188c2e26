package io.nostale.relay.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.Lsn;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Kafka order is commit order, even when a transaction that wrote first commits last. */
class CommitOrderIT extends RunningRelay {

    @Test
    void interleavedTransactionsAreRelayedInCommitOrderWithIncreasingPositions() throws Exception {
        long owner = RelayHarness.user("order-owner");
        String run = UUID.randomUUID().toString();
        long first;
        long second;
        try (Connection t1 = RelayHarness.connect(); Connection t2 = RelayHarness.connect()) {
            t1.setAutoCommit(false);
            t2.setAutoCommit(false);
            first = RelayHarness.insertRoom(t1, "T1 wrote first " + run, owner);
            second = RelayHarness.insertRoom(t2, "T2 wrote second, committed first " + run, owner);
            t2.commit();
            t1.commit();
        }

        tail.await(record -> record.isChangeOfRow("chat_room", first), 1);
        List<Relayed> both = tail.matching(record -> record.isChangeOfRow("chat_room", first)
                || record.isChangeOfRow("chat_room", second));

        assertThat(both).hasSize(2);
        Relayed committedFirst = both.get(0);
        Relayed committedLast = both.get(1);
        assertThat(committedFirst.isChangeOfRow("chat_room", second)).as("T2 committed first").isTrue();
        assertThat(committedLast.isChangeOfRow("chat_room", first)).isTrue();
        // WAL order of the changes is the other way round: change LSNs do not follow commit order ...
        assertThat(Lsn.parse(committedLast.event().changeLsn())).isLessThan(Lsn.parse(committedFirst.event().changeLsn()));
        // ... positions do
        assertThat(committedLast.position()).isGreaterThan(committedFirst.position());
        assertThat(committedLast.position().txnLsn()).isGreaterThan(committedFirst.position().changeLsn());
        StreamInvariant.assertOrderedWithExactReplays(tail.records());
    }

    @Test
    void manyConcurrentWritersStillYieldStrictlyIncreasingPositions() throws Exception {
        long owner = RelayHarness.user("order-many");
        String run = UUID.randomUUID().toString();
        int writers = 4;
        int roomsEach = 25;
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<Throwable> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                try (Connection connection = RelayHarness.connect()) {
                    for (int i = 0; i < roomsEach; i++) {
                        RelayHarness.insertRoom(connection, "concurrent " + run + " " + writer + "/" + i, owner);
                    }
                }
                catch (Exception e) {
                    errors.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(errors).isEmpty();

        tail.await(record -> record.isChangeOf("chat_room")
                && String.valueOf(record.event().after().get("title")).startsWith("concurrent " + run), writers * roomsEach);

        StreamInvariant.assertOrderedWithExactReplays(tail.records());
    }
}
