package io.nostale.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.gateway.GatewayProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionQuotaTest {

    private final ConnectionQuota quota = new ConnectionQuota(new GatewayProperties("k:1", "t", "keys", List.of("o"),
            Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10), 1_000, 1, 1, Duration.ofSeconds(1),
            Duration.ofSeconds(1), 1_024, 2, Duration.ofSeconds(30)));

    @Test
    void limitsEachUserSeparatelyAndFreesSlotsOnRelease() {
        assertThat(quota.tryAcquire(1)).isTrue();
        assertThat(quota.tryAcquire(1)).isTrue();
        assertThat(quota.tryAcquire(1)).isFalse();
        assertThat(quota.tryAcquire(2)).isTrue();
        quota.release(1);
        assertThat(quota.tryAcquire(1)).isTrue();
    }
}
