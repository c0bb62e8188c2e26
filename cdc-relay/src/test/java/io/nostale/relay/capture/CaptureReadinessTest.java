package io.nostale.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.relay.capture.CaptureState.Phase;
import io.nostale.relay.capture.CaptureState.Readiness;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaptureReadinessTest {

    private static final Duration LIMIT = Duration.ofSeconds(12);

    @Test
    void readyWhileStreamingAndTheNewestAcknowledgedCommitIsRecent() {
        assertThat(CaptureState.readiness(Phase.STREAMING, Duration.ZERO, Optional.of(Duration.ofSeconds(1)), LIMIT))
                .isEqualTo(Readiness.READY);
        assertThat(CaptureState.readiness(Phase.STREAMING, Duration.ofSeconds(9), Optional.of(LIMIT), LIMIT))
                .as("exactly at the limit still counts").isEqualTo(Readiness.READY);
    }

    @Test
    void notReadyBeforeKafkaAcknowledgedAnything() {
        assertThat(CaptureState.readiness(Phase.STREAMING, Duration.ZERO, Optional.empty(), LIMIT))
                .isEqualTo(Readiness.NOTHING_ACKNOWLEDGED_YET);
    }

    @Test
    void notReadyWhenTheNewestAcknowledgedCommitIsOlderThanTheLimit() {
        assertThat(CaptureState.readiness(Phase.STREAMING, Duration.ZERO, Optional.of(LIMIT.plusMillis(1)), LIMIT))
                .isEqualTo(Readiness.BEHIND);
    }

    @Test
    void notReadyWhileAPublishWaitsTooLongForKafka() {
        assertThat(CaptureState.readiness(Phase.STREAMING, CaptureState.STALLED, Optional.of(Duration.ZERO), LIMIT))
                .isEqualTo(Readiness.KAFKA_STALLED);
    }

    @Test
    void notReadyInAnyOtherPhase() {
        for (Phase phase : Phase.values()) {
            if (phase != Phase.STREAMING) {
                assertThat(CaptureState.readiness(phase, Duration.ZERO, Optional.of(Duration.ZERO), LIMIT))
                        .as(phase.name()).isEqualTo(Readiness.NOT_STREAMING);
            }
        }
    }
}
