package io.nostale.gateway.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.gateway.GatewayProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ConnectionQuotaTest {

    private final ConnectionQuota quota = new ConnectionQuota(new GatewayProperties("k:1", "t", "keys", List.of("o"),
            Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10), 1_000, 1, 1, Duration.ofSeconds(1),
            Duration.ofSeconds(1), 163_840, 2, Duration.ofSeconds(30), 0, DataSize.ofMegabytes(64), DataSize.ofMegabytes(1),
            DataSize.ofKilobytes(64), 0, Duration.ofSeconds(30), Duration.ofSeconds(5)));

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
