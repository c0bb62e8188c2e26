package io.nostale.gateway.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link SubscribeConfiguration#maxConnections}: the capacity the gateway runs with, from the setting and ulimit -n. */
class SubscribeConfigurationTest {

    @Test
    void zeroMeansTheOpenFileLimitLessTheReserve() {
        assertThat(SubscribeConfiguration.maxConnections(0, 20_000)).isEqualTo(20_000 - 1_024);
        assertThat(SubscribeConfiguration.maxConnections(0, 2_048)).isEqualTo(1_024);
        assertThat(SubscribeConfiguration.maxConnections(0, 1_024)).as("half of a small limit").isEqualTo(512);
        assertThat(SubscribeConfiguration.maxConnections(0, 1_500)).isEqualTo(750);
    }

    @Test
    void theReserveIsAThousandFilesOrHalfOfASmallerLimit() {
        assertThat(SubscribeConfiguration.fileReserve(20_000)).isEqualTo(1_024);
        assertThat(SubscribeConfiguration.fileReserve(2_048)).isEqualTo(1_024);
        assertThat(SubscribeConfiguration.fileReserve(1_500)).isEqualTo(750);
    }

    @Test
    void zeroWithAHugeFileLimitIsCappedAtAMillion() {
        assertThat(SubscribeConfiguration.maxConnections(0, 1L << 40)).isEqualTo(1_000_000);
        assertThat(SubscribeConfiguration.maxConnections(0, 1_001_024)).isEqualTo(1_000_000);
    }

    @Test
    void aConfiguredCapacityThatFitsIsTakenAsItIs() {
        assertThat(SubscribeConfiguration.maxConnections(100, 20_000)).isEqualTo(100);
        assertThat(SubscribeConfiguration.maxConnections(512, 1_024)).as("exactly what fits").isEqualTo(512);
    }

    @Test
    void aConfiguredCapacityAboveTheFileLimitStopsTheGatewayNamingTheSetting() {
        assertThatThrownBy(() -> SubscribeConfiguration.maxConnections(513, 1_024))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nostale.gateway.max-connections")
                .hasMessageContaining("513")
                .hasMessageContaining("1024")
                .hasMessageContaining("lower max-connections to 512");
        assertThatThrownBy(() -> SubscribeConfiguration.maxConnections(10, 100))
                .as("a limit below the minimum fits nothing")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nostale.gateway.max-connections");
    }

    @Test
    void anUnknownFileLimitTakesTheSettingOrTenThousand() {
        assertThat(SubscribeConfiguration.maxConnections(0, -1)).isEqualTo(10_000);
        assertThat(SubscribeConfiguration.maxConnections(50, -1)).isEqualTo(50);
        assertThat(SubscribeConfiguration.maxConnections(1_000_000, -1)).isEqualTo(1_000_000);
    }

    /**
     * With {@code max-connections: 0} and a tiny open-file limit the gateway would start, report ready and refuse
     * every page with {@code unavailable}. It must refuse to start instead, naming the limit.
     */
    @Test
    void aFileLimitBelowTheMinimumStopsTheGateway() {
        assertThatThrownBy(() -> SubscribeConfiguration.maxConnections(0, 1_023))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1023 files (ulimit -n)")
                .hasMessageContaining("at least 1024");
        assertThatThrownBy(() -> SubscribeConfiguration.maxConnections(0, 256))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nostale.gateway.max-connections");
    }
}
