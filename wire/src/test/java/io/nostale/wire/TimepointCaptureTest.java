package io.nostale.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class TimepointCaptureTest {

    private static final OffsetDateTime READ = OffsetDateTime.parse("2026-11-25T19:40:00.123456Z");

    @Test
    void makesTheTimepointFromTheQuerysColumns() {
        Timepoint timepoint = TimepointCapture.of("755:759:756,757", "0/1A2B3C4", READ, null);
        assertThat(timepoint).hasToString("0/1A2B3C4@755:759:756,757@2026-11-25T19:40:00.123456Z");
        assertThat(timepoint.heldSince()).isNull();
    }

    @Test
    void namesTheHeldCommitsStart() {
        OffsetDateTime held = READ.minusMinutes(5);
        assertThat(TimepointCapture.of("755:759:", "0/1", READ, held).heldSince()).isEqualTo(held.toInstant());
    }

    @Test
    void aWaiterReportedAfterTheReadCountsAsHeldSinceTheRead() {
        assertThat(TimepointCapture.of("755:759:", "0/1", READ, READ.plusNanos(1_000)).heldSince())
                .isEqualTo(READ.toInstant());
    }
}
