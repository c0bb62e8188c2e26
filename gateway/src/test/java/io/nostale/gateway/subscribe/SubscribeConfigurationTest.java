package io.nostale.gateway.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link SubscribeConfiguration#maxConnections}: the capacity the gateway runs with, from the setting and ulimit -n. */
class SubscribeConfigurationTest {

    private static final long RESERVE = SubscribeConfiguration.FILE_RESERVE;

    @Test
    void zeroMeansTheOpenFileLimitLessTheReserve() {
        assertThat(RESERVE).isEqualTo(512);
        assertThat(SubscribeConfiguration.maxConnections(0, 20_000)).isEqualTo(20_000 - 512);
        assertThat(SubscribeConfiguration.maxConnections(0, 1_024)).isEqualTo(512);
        assertThat(SubscribeConfiguration.maxConnections(0, 513)).isEqualTo(1);
    }

    @Test
    void zeroWithAHugeFileLimitIsCappedAtAMillion() {
        assertThat(SubscribeConfiguration.maxConnections(0, 1L << 40)).isEqualTo(1_000_000);
        assertThat(SubscribeConfiguration.maxConnections(0, 1_000_512)).isEqualTo(1_000_000);
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
                .as("a limit below the reserve fits nothing")
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
     * With {@code max-connections: 0} and an open-file limit at or below the reserve, the limit less the reserve is
     * no socket at all: a gateway that starts, reports ready and refuses every page with {@code unavailable}. It must
     * refuse to start instead, as it does for a configured capacity that does not fit.
     */
    @Test
    void zeroWithAFileLimitThatLeavesNoRoomForSocketsStopsTheGateway() {
        assertThatThrownBy(() -> SubscribeConfiguration.maxConnections(0, 512))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nostale.gateway.max-connections");
        assertThatThrownBy(() -> SubscribeConfiguration.maxConnections(0, 256))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nostale.gateway.max-connections");
    }
}
