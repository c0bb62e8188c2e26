package io.nostale.load.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.load.check.WorkloadChange;
import org.junit.jupiter.api.Test;

class MarkersTest {

    @Test
    void aMarkerIsTheIdAtTheStartOfTheText() {
        assertThat(Markers.parse(Markers.title(42, "club 3"))).isEqualTo(42);
        assertThat(Markers.parse(Markers.message(0, "note"))).isEqualTo(0);
        assertThat(Markers.parse("ld-7")).isEqualTo(7);
        assertThat(Markers.parse("load-club-3")).isEqualTo(-1);
        assertThat(Markers.parse("ld-")).isEqualTo(-1);
        assertThat(Markers.parse("ld-12x")).isEqualTo(-1);
        assertThat(Markers.parse("ld-99999999999 too big")).isEqualTo(-1);
        assertThat(Markers.parse(null)).isEqualTo(-1);
    }

    @Test
    void requestChangesAreNamedByRowAndVersion() {
        RequestMarkers markers = new RequestMarkers();
        markers.register(12, 3, 99);
        assertThat(markers.changeId(12, 3)).isEqualTo(99);
        assertThat(markers.changeId(12, 4)).isEqualTo(-1);
        assertThat(markers.changeId(-1, -1)).isEqualTo(-1);
    }

    @Test
    void theCommitLogKnowsPendingCommittedAndFailedChanges() {
        CommitLog log = new CommitLog();
        int pending = log.allocate(new WorkloadChange.TitleChanged(1));
        int committed = log.allocate(new WorkloadChange.MessagePosted(2));
        int failed = log.allocate(new WorkloadChange.TitleChanged(3));
        long now = System.nanoTime();
        log.committed(committed, 1234, now);
        log.failed(failed);
        assertThat(log.committedNanos(pending)).isEqualTo(CommitLog.NOT_COMMITTED);
        assertThat(log.committedNanos(committed)).isEqualTo(now);
        assertThat(log.xid(committed)).isEqualTo(1234);
        assertThat(log.isFailed(failed)).isTrue();
        assertThat(log.isCommitted(failed)).isFalse();
        assertThat(log.committedNanos(99)).isEqualTo(CommitLog.NOT_COMMITTED);
        assertThat(log.change(committed)).isEqualTo(new WorkloadChange.MessagePosted(2));
        int many = log.allocate(new WorkloadChange[70_000]); // across a chunk boundary
        assertThat(log.nextId()).isEqualTo(many + 70_000);
        log.committed(many + 69_999, 5, now);
        assertThat(log.isCommitted(many + 69_999)).isTrue();
    }
}
