package io.nostale.gateway.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link RetainedStart}: one Kafka request per second for any number of resuming pages, failures never kept. */
class RetainedStartTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicLong beginning = new AtomicLong(500);
    private volatile boolean down;

    private final RetainedStart retained = new RetainedStart(() -> {
        asked.incrementAndGet();
        return down ? new BrokerAnswer.Unavailable<>("broker down") : new BrokerAnswer.Ok<>(beginning.get());
    }, now::get, Duration.ofSeconds(1));

    @Test
    void manyPagesWithinASecondCostOneRequest() {
        for (int page = 0; page < 10_000; page++) {
            assertThat(retained.get()).isEqualTo(new BrokerAnswer.Ok<>(500L));
            now.addAndGet(50_000); // 10,000 pages in half a second
        }
        assertThat(asked.get()).isEqualTo(1);
    }

    @Test
    void anAnswerOlderThanASecondIsAskedAgainAndSeesRetentionMoveOn() {
        retained.get();
        beginning.set(800);
        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(retained.get()).isEqualTo(new BrokerAnswer.Ok<>(500L));
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(retained.get()).isEqualTo(new BrokerAnswer.Ok<>(800L));
        assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void anUnavailableAnswerIsNotKept() {
        down = true;
        assertThat(retained.get()).isInstanceOf(BrokerAnswer.Unavailable.class);
        down = false;
        assertThat(retained.get()).isEqualTo(new BrokerAnswer.Ok<>(500L));
        assertThat(asked.get()).isEqualTo(2);
    }
}
