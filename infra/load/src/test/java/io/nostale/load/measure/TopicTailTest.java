package io.nostale.load.measure;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.load.check.WorkloadChange;
import io.nostale.load.workload.CommitLog;
import io.nostale.load.workload.RequestMarkers;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class TopicTailTest {

    private final CommitLog log = new CommitLog();
    private final RequestMarkers markers = new RequestMarkers();
    private final ChangeRecords records = new ChangeRecords(markers);

    @Test
    void recordsOfTheChangeTopicAreNamedByTheirMarker() {
        assertThat(records.changeId(bytes("{\"table\":\"chat_room\",\"op\":\"UPDATE\",\"txId\":755,"
                + "\"before\":{\"title\":\"ld-1 x\"},\"after\":{\"id\":3,\"title\":\"ld-42 club 3\"}}"))).isEqualTo(42);
        assertThat(records.changeId(bytes("{\"table\":\"chat_message\",\"after\":{\"body\":\"ld-7 note\"}}"))).isEqualTo(7);
        assertThat(records.changeId(bytes("{\"table\":\"nostale_heartbeat\",\"after\":{\"id\":1}}"))).isEqualTo(-1);
        assertThat(records.changeId(bytes("{\"slot\":\"nostale\",\"startLsn\":\"0/1\"}"))).isEqualTo(-1);
        assertThat(records.changeId(bytes("not json"))).isEqualTo(-1);
        assertThat(records.changeId(null)).isEqualTo(-1);
    }

    @Test
    void joinRequestsAreNamedByRowAndVersion() {
        int id = log.allocate(new WorkloadChange.RequestUpdated(7, 50));
        markers.register(12, 3, id);
        assertThat(records.changeId(bytes("{\"table\":\"chat_room_join_request\",\"after\":{\"id\":12,\"version\":3}}")))
                .isEqualTo(id);
    }

    @Test
    void captureIsCommitToTopicOfTheChangesSeen() {
        int seen = log.allocate(new WorkloadChange.TitleChanged(1));
        int unseen = log.allocate(new WorkloadChange.TitleChanged(1));
        long now = System.nanoTime();
        log.committed(seen, 1, now);
        log.committed(unseen, 2, now);
        log.onTopic(seen, now + 20_000_000);
        log.onTopic(seen, now + 90_000_000); // the first sighting counts
        Histogram capture = TopicTail.captureMicros(log, 0, log.nextId());
        assertThat(capture.getTotalCount()).isEqualTo(1);
        assertThat(capture.getMaxValue()).isBetween(19_900L, 20_100L);
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
