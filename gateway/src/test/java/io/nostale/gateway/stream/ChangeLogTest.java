package io.nostale.gateway.stream;

import io.nostale.pages.record.LoggedRecord;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeLogTest {

    private static LoggedRecord record(long offset) {
        return new LoggedRecord.Undecodable(offset, "test");
    }

    private static List<Long> read(ChangeLog log, long from, int max) {
        List<LoggedRecord> out = new ArrayList<>();
        assertThat(log.read(from, max, out)).as("offset %d held", from).isTrue();
        return out.stream().map(LoggedRecord::offset).toList();
    }

    private static boolean holds(ChangeLog log, long from) {
        return log.read(from, 1, new ArrayList<>());
    }

    /** Appends offsets [from, to) with timestamp = 1000 * offset, as the tail would, marking them all dispatched. */
    private static void fill(ChangeLog log, long from, long to) {
        for (long offset = from; offset < to; offset++) {
            log.append(record(offset), 1_000 * offset);
            log.dispatchedBelow(offset + 1);
        }
        log.advanceHead(to);
    }

    @Test
    void servesRecordsFromTheStartOffsetOn() {
        ChangeLog log = new ChangeLog(1_000);
        log.startAt(10, false);
        fill(log, 10, 15);
        assertThat(read(log, 12, 100)).containsExactly(12L, 13L, 14L);
        assertThat(read(log, 10, 2)).containsExactly(10L, 11L);
        assertThat(read(log, 15, 100)).isEmpty();
        assertThat(log.firstOffset()).isEqualTo(10);
        assertThat(holds(log, 9)).as("before the tail started").isFalse();
    }

    @Test
    void skipsOffsetGaps() {
        ChangeLog log = new ChangeLog(1_000);
        log.startAt(0, true);
        log.append(record(0), 0);
        log.append(record(5), 0);
        log.advanceHead(6);
        assertThat(read(log, 1, 100)).containsExactly(5L);
    }

    @Test
    void tellsWhenOverwritten() {
        ChangeLog log = new ChangeLog(1_000);
        log.startAt(0, true);
        fill(log, 0, 2_500);
        assertThat(log.firstOffset()).isEqualTo(1_501);
        assertThat(holds(log, 1_000)).isFalse();
        assertThat(read(log, 2_498, 10)).containsExactly(2_498L, 2_499L);
    }

    @Test
    void holdsNothingBeforeTheTailStarted() {
        assertThat(holds(new ChangeLog(1_000), 0)).isFalse();
    }

    @Test
    void neverOverwritesWhatTheDispatcherHasNotHandedOut() {
        ChangeLog log = new ChangeLog(1_000);
        log.startAt(0, true);
        int appended = 0;
        while (log.hasRoom()) {
            log.append(record(appended), 0);
            appended++;
        }
        assertThat(appended).as("all but the slack slot").isEqualTo(999);
        log.dispatchedBelow(1);
        assertThat(log.hasRoom()).as("the oldest record was handed out").isTrue();
        log.append(record(appended), 0);
        assertThat(log.hasRoom()).isFalse();
    }

    @Test
    void findsTheReplayStartByCommitTime() {
        ChangeLog log = new ChangeLog(1_000);
        log.startAt(100, false);
        fill(log, 100, 200);
        assertThat(log.startFor(150_000)).isEqualTo(new ChangeLog.LogStart.At(150));
        assertThat(log.startFor(150_500)).isEqualTo(new ChangeLog.LogStart.At(151));
        assertThat(log.startFor(500_000)).as("nothing that late yet: start at the head").isEqualTo(new ChangeLog.LogStart.At(200));
        assertThat(log.startFor(100_000)).as("older records may matter: ask Kafka").isEqualTo(new ChangeLog.LogStart.Unknown());
    }

    @Test
    void usesTheHighestTimestampSoFarSoAnOutOfOrderRecordDoesNotMoveTheStartBack() {
        ChangeLog log = new ChangeLog(1_000);
        log.startAt(0, true);
        log.append(record(0), 1_000);
        log.append(record(1), 5_000);
        log.append(record(2), 3_000); // re-sent after a relay restart: its commit time is older
        log.append(record(3), 6_000);
        log.advanceHead(4);
        assertThat(log.startFor(4_000)).isEqualTo(new ChangeLog.LogStart.At(1));
    }

    @Test
    void answersFromTheTopicStartWhenItHoldsTheWholeTopic() {
        ChangeLog whole = new ChangeLog(1_000);
        whole.startAt(0, true);
        fill(whole, 0, 10);
        assertThat(whole.startFor(0)).isEqualTo(new ChangeLog.LogStart.At(0));

        ChangeLog trimmed = new ChangeLog(1_000);
        trimmed.startAt(40, true); // retention had deleted offsets below 40 when the tail started
        fill(trimmed, 40, 50);
        assertThat(trimmed.startFor(0)).isEqualTo(new ChangeLog.LogStart.Expired(40));
    }
}
