package io.nostale.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XidSnapshotTest {

    @Test
    void visibilityFollowsPostgresRules() {
        XidSnapshot snapshot = XidSnapshot.parse("755:759:756,757");
        assertThat(snapshot.isVisible(754)).as("below xmin: committed before").isTrue();
        assertThat(snapshot.isVisible(755)).as("xmin itself is not listed, so it finished").isTrue();
        assertThat(snapshot.isVisible(756)).as("in progress").isFalse();
        assertThat(snapshot.isVisible(758)).isTrue();
        assertThat(snapshot.isVisible(759)).as("xmax and above started later").isFalse();
        assertThat(snapshot).hasToString("755:759:756,757");
    }

    @Test
    void parsesEmptyInProgressList() {
        assertThat(XidSnapshot.parse("759:759:").isVisible(758)).isTrue();
        assertThat(XidSnapshot.parse("759:759:")).isEqualTo(XidSnapshot.of(759, 759));
    }

    @Test
    void widensThirtyTwoBitIdsAcrossEpochs() {
        long epoch3 = 3L << 32;
        XidSnapshot snapshot = XidSnapshot.of(epoch3 + 10, epoch3 + 20);
        assertThat(snapshot.widen(15)).isEqualTo(epoch3 + 15);
        assertThat(snapshot.widen(0xFFFFFFF0L)).as("just before the wrap: previous epoch").isEqualTo(epoch3 - 16);
        XidSnapshot nearEnd = XidSnapshot.of(epoch3 + 0xFFFFFFF0L, epoch3 + 0xFFFFFFF5L);
        assertThat(nearEnd.widen(3)).as("just after the wrap: next epoch").isEqualTo((4L << 32) + 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1:2", "1:2:3:4", "a:2:", "5:4:", "0:4:", "1:5:5", "1:5:0", "1:5:3,2",
            "1:5:3,3", "1:3000000000:", "-1:2:", "1:2:,", " 1:2:", "99999999999999999999:1:"})
    void rejectsMalformedOrAbsurdSnapshots(String text) {
        assertThatThrownBy(() -> XidSnapshot.parse(text)).isInstanceOf(MalformedValueException.class);
    }
}
