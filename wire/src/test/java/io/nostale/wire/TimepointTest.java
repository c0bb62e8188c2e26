package io.nostale.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimepointTest {

    @Test
    void roundTripsCanonicalText() {
        String text = "0/1A2B3C4@755:759:756,757@2026-11-25T19:40:00.123Z";
        Timepoint timepoint = Timepoint.parse(text);
        assertThat(timepoint.lsn()).isEqualTo(Lsn.parse("0/1A2B3C4"));
        assertThat(timepoint.readAt()).isEqualTo(Instant.parse("2026-11-25T19:40:00.123Z"));
        assertThat(timepoint.includes(756)).isFalse();
        assertThat(timepoint.includes(758)).isTrue();
        assertThat(timepoint).hasToString(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0/1@1:2:", "0/1@1:2:@", "0/1@1:2:@yesterday", "x@1:2:@2026-11-25T19:40:00Z",
            "0/1@2:1:@2026-11-25T19:40:00Z", "0/1@1:2:@2026-11-25T19:40:00Z@", "0/1@@2026-11-25T19:40:00Z",
            "0/1@1:2:@2026-11-25T19:40:00Z@later", "0/1@1:2:@2026-11-25T19:40:00Z@2026-11-25T19:40:01Z",
            "0/1@1:2:@2026-11-25T19:40:00Z@2026-11-25T19:39:00Z@2026-11-25T19:38:00Z"})
    void rejectsMalformedTimepoints(String text) {
        assertThatThrownBy(() -> Timepoint.parse(text)).isInstanceOf(MalformedValueException.class);
    }

    @Test
    void roundTripsATimepointReadWhileACommitWasHeld() {
        String text = "0/1A2B3C4@755:759:756,757@2026-11-25T19:40:00.123Z@2026-11-25T19:38:59Z";
        Timepoint timepoint = Timepoint.parse(text);
        assertThat(timepoint.heldSince()).isEqualTo(Instant.parse("2026-11-25T19:38:59Z"));
        assertThat(timepoint).hasToString(text);
        assertThat(Timepoint.parse("0/1@1:2:@2026-11-25T19:40:00Z").heldSince()).isNull();
    }

    @Test
    void historyStartsAtTheWindowBeforeTheReadOrAtAnOlderHeldCommit() {
        Duration window = Duration.ofSeconds(30);
        Instant read = Instant.parse("2026-11-25T19:40:00Z");
        Timepoint plain = Timepoint.parse("0/1@1:2:@" + read);
        assertThat(plain.historyStart(window)).isEqualTo(read.minus(window));
        Timepoint heldLong = Timepoint.parse("0/1@1:2:@" + read + "@" + read.minusSeconds(300));
        assertThat(heldLong.historyStart(window)).isEqualTo(read.minusSeconds(300));
        Timepoint heldBriefly = Timepoint.parse("0/1@1:2:@" + read + "@" + read.minusSeconds(2));
        assertThat(heldBriefly.historyStart(window)).as("the window already covers it").isEqualTo(read.minus(window));
    }
}
