package io.nostale.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeLogTest {

    private static LoggedRecord record(long offset) {
        return new LoggedRecord.Undecodable(offset, "test");
    }

    private static List<Long> offsets(List<LoggedRecord> records) {
        return records.stream().map(LoggedRecord::offset).toList();
    }

    @Test
    void servesRecordsFromTheStartOffsetOn() {
        ChangeLog log = new ChangeLog(1_000);
        log.startAt(10);
        for (long offset = 10; offset < 15; offset++) {
            log.append(record(offset));
        }
        log.advanceHead(15);
        assertThat(offsets(log.read(12, 100))).containsExactly(12L, 13L, 14L);
        assertThat(offsets(log.read(10, 2))).containsExactly(10L, 11L);
        assertThat(log.read(15, 100)).isEmpty();
        assertThat(log.firstOffset()).isEqualTo(10);
        assertThatThrownBy(() -> log.read(9, 100)).as("before the tail started").isInstanceOf(ChangeLog.EvictedException.class);
    }

    @Test
    void skipsOffsetGaps() {
        ChangeLog log = new ChangeLog(1_000);
        log.startAt(0);
        log.append(record(0));
        log.append(record(5));
        log.advanceHead(6);
        assertThat(offsets(log.read(1, 100))).containsExactly(5L);
    }

    @Test
    void reportsEvictionOnceOverwritten() {
        ChangeLog log = new ChangeLog(1_000);
        log.startAt(0);
        for (long offset = 0; offset < 2_500; offset++) {
            log.append(record(offset));
        }
        log.advanceHead(2_500);
        assertThat(log.firstOffset()).isEqualTo(1_501);
        assertThatThrownBy(() -> log.read(1_000, 10)).isInstanceOf(ChangeLog.EvictedException.class);
        assertThat(offsets(log.read(2_498, 10))).containsExactly(2_498L, 2_499L);
    }

    @Test
    void refusesReadsBeforeTheTailStarted() {
        ChangeLog log = new ChangeLog(1_000);
        assertThatThrownBy(() -> log.read(0, 10)).isInstanceOf(ChangeLog.EvictedException.class);
    }
}
