package io.nostale.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gateway's side of freshness: how far the stream has come and since when, and the start-up bound. */
class StreamClockTest {

    private static final long MS = 1_000_000L;
    private static final long T = 1_764_100_000_000L;

    @Test
    void theAgeCountsFromWhenTheNewestCommitTimeArrivedOnTheGatewaysOwnClock() {
        StreamClock clock = new StreamClock();
        clock.reset(StreamClock.UNKNOWN, 1_000 * MS);
        assertThat(clock.millis()).isEqualTo(StreamClock.UNKNOWN);
        assertThat(clock.ageMillis(4_000 * MS)).isEqualTo(3_000); // nothing seen since the start: counts from it
        clock.observe(T, 5_000 * MS);
        assertThat(clock.millis()).isEqualTo(T);
        assertThat(clock.ageMillis(5_000 * MS)).isZero();
        assertThat(clock.ageMillis(20_500 * MS)).isEqualTo(15_500); // frozen capture: the age grows
    }

    @Test
    void anOlderOrEqualCommitTimeDoesNotMakeTheStreamLookFresh() {
        StreamClock clock = new StreamClock();
        clock.reset(StreamClock.UNKNOWN, 0);
        clock.observe(T, 1_000 * MS);
        clock.observe(T - 500, 9_000 * MS); // re-delivered after a relay restart
        clock.observe(T, 9_000 * MS);
        assertThat(clock.millis()).isEqualTo(T);
        assertThat(clock.ageMillis(10_000 * MS)).isEqualTo(9_000);
        clock.observe(T + 5_000, 10_000 * MS); // the next heartbeat
        assertThat(clock.ageMillis(10_000 * MS)).isZero();
    }

    @Test
    void theStreamPassesAReadPointOnlyWithACommitStrictlyAfterIt() {
        StreamClock clock = new StreamClock();
        clock.reset(StreamClock.UNKNOWN, 0);
        assertThat(clock.hasPassed(T)).isFalse();
        clock.observe(T, 0);
        assertThat(clock.hasPassed(T)).isFalse(); // the same millisecond may still be before the read
        assertThat(clock.hasPassed(T - 1)).isTrue();
        clock.observe(T + 1, 0);
        assertThat(clock.hasPassed(T)).isTrue();
    }

    @Test
    void aGatewayTimeNeverGoesNegative() {
        StreamClock clock = new StreamClock();
        clock.reset(T, 5_000 * MS);
        assertThat(clock.ageMillis(4_000 * MS)).isZero();
    }

    @Test
    void theDefaultsLeaveAMarginBelowFreshness() {
        assertThat(FreshnessBounds.worstHealthyLag(Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .isEqualTo(Duration.ofMillis(11_250));
        assertThat(FreshnessBounds.holds(Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(5))).isTrue();
        assertThat(FreshnessBounds.holds(Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void settingsUnderWhichHealthyPagesWouldFlapAreRefusedNamingThem() {
        assertThat(FreshnessBounds.holds(Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(10))).isFalse();
        assertThat(FreshnessBounds.explain(Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(10)))
                .contains("nostale.gateway.freshness (15s)").contains("nostale.gateway.heartbeat-interval (10s)")
                .contains("that is 23334ms"); // 4/3 of 5 s + 12.5 s, rounded up
        assertThat(FreshnessBounds.holds(Duration.ofSeconds(15), Duration.ofSeconds(11), Duration.ofSeconds(1))).isFalse();
        assertThat(FreshnessBounds.explain(Duration.ofSeconds(15), Duration.ofSeconds(11), Duration.ofSeconds(1)))
                .contains("nostale.gateway.database-heartbeat-interval (11s)");
        assertThat(FreshnessBounds.holds(Duration.ofSeconds(40), Duration.ofSeconds(10), Duration.ofSeconds(10))).isTrue();
    }
}
