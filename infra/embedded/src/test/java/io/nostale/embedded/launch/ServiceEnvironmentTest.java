package io.nostale.embedded.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

    private final StackEndpoints stack = new StackEndpoints("jdbc:postgresql://localhost:5555/nostale", "localhost",
            5555, "nostale", "nostale", "secret-pw", "localhost:7777");

    private ProductSettings settings(boolean demo) {
        return new ProductSettings(Path.of("/p"), 8100, 8101, 8102, "k1:AAAA", demo, Path.of("/p/logs"));
    }

    @Test
    void rendererGetsTheDatabaseTheKeysAndThePublicGatewayUrl() {
        Map<String, String> env = ServiceEnvironment.renderer(stack, settings(true));
        assertThat(env).containsEntry("SERVER_PORT", "8100")
                .containsEntry("MANAGEMENT_SERVER_PORT", "9100")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://localhost:5555/nostale")
                .containsEntry("SPRING_DATASOURCE_USERNAME", "nostale")
                .containsEntry("SPRING_DATASOURCE_PASSWORD", "secret-pw")
                .containsEntry("NOSTALE_RENDERER_TOKEN_KEYS", "k1:AAAA")
                .containsEntry("NOSTALE_RENDERER_GATEWAY_URL", "ws://localhost:8101/live")
                .containsEntry("SPRING_PROFILES_ACTIVE", "demo");
    }

    @Test
    void rendererRunsWithoutTheDemoProfileUnlessAskedTo() {
        assertThat(ServiceEnvironment.renderer(stack, settings(false))).doesNotContainKey("SPRING_PROFILES_ACTIVE");
    }

    @Test
    void relayGetsTheDatabaseAsPartsAndKafka() {
        assertThat(ServiceEnvironment.relay(stack, settings(false))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SERVER_PORT", "8102",
                "MANAGEMENT_SERVER_PORT", "8102",
                "NOSTALE_RELAY_DATABASE_HOST", "localhost",
                "NOSTALE_RELAY_DATABASE_PORT", "5555",
                "NOSTALE_RELAY_DATABASE_NAME", "nostale",
                "NOSTALE_RELAY_DATABASE_USER", "nostale",
                "NOSTALE_RELAY_DATABASE_PASSWORD", "secret-pw",
                "NOSTALE_RELAY_KAFKA_BOOTSTRAP_SERVERS", "localhost:7777"));
    }

    @Test
    void aRelayBesideTheProductsGetsTheSameStackTheExtrasItsOwnStreamAndPort() {
        ProductSettings s = settings(false).withExtraEnv(Map.of("NOSTALE_RELAY_CAPTURE_MAX_BATCH_SIZE", "64"));
        Map<String, String> own = Map.of("NOSTALE_RELAY_SLOT", "beside", "NOSTALE_RELAY_TOPIC", "beside.changes",
                "NOSTALE_RELAY_OFFSETS_TOPIC", "beside.offsets", "NOSTALE_RELAY_CAPTURE_MAX_BATCH_SIZE", "8");

        Map<String, String> env = ServiceEnvironment.relayAlongside(stack, s, 8200, own);

        Map<String, String> expected = new java.util.HashMap<>(ServiceEnvironment.relay(stack, s));
        expected.putAll(own);
        expected.put("SERVER_PORT", "8200");
        expected.put("MANAGEMENT_SERVER_PORT", "8200");
        assertThat(env).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void aRelayBesideTheProductsIsRefusedWithoutASlotTopicAndOffsetsTopicOfItsOwn() {
        Map<String, String> own = Map.of("NOSTALE_RELAY_SLOT", "beside", "NOSTALE_RELAY_TOPIC", "beside.changes",
                "NOSTALE_RELAY_OFFSETS_TOPIC", "beside.offsets");
        for (String key : own.keySet()) {
            Map<String, String> missing = new java.util.HashMap<>(own);
            missing.remove(key);
            assertThatThrownBy(() -> ServiceEnvironment.relayAlongside(stack, settings(false), 8200, missing))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
            ProductSettings sameAsProduct = settings(false).withExtraEnv(Map.of(key, own.get(key)));
            assertThatThrownBy(() -> ServiceEnvironment.relayAlongside(stack, sameAsProduct, 8200, own))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
        }
        Map<String, String> productDefaults = Map.of("NOSTALE_RELAY_SLOT", "nostale", "NOSTALE_RELAY_TOPIC",
                "nostale.changes", "NOSTALE_RELAY_OFFSETS_TOPIC", "nostale.relay.offsets");
        productDefaults.forEach((key, value) -> {
            Map<String, String> onTheProducts = new java.util.HashMap<>(own);
            onTheProducts.put(key, value);
            assertThatThrownBy(() -> ServiceEnvironment.relayAlongside(stack, settings(false), 8200, onTheProducts))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
        });
    }

    @Test
    void gatewayGetsKafkaTheSameKeysAndTheRendererAsAllowedOrigin() {
        assertThat(ServiceEnvironment.gateway(stack, settings(false))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SERVER_PORT", "8101",
                "MANAGEMENT_SERVER_PORT", "9101",
                "NOSTALE_GATEWAY_KAFKA_BOOTSTRAP_SERVERS", "localhost:7777",
                "NOSTALE_GATEWAY_TOKEN_KEYS", "k1:AAAA",
                "NOSTALE_GATEWAY_ALLOWED_ORIGINS", "http://localhost:8100"));
    }

    @Test
    void managementPortsDefaultToThePublicPortsPlus1000() {
        assertThat(settings(false).rendererManagementPort()).isEqualTo(9100);
        assertThat(settings(false).gatewayManagementPort()).isEqualTo(9101);
    }

    @Test
    void settingsNeverPrintTheTokenKeys() {
        assertThat(settings(true).toString()).doesNotContain("k1:AAAA").contains("<redacted>");
    }

    @Test
    void settingsWithFreePortsHaveFiveDistinctPortsAndValidKeys() {
        ProductSettings s = ProductSettings.withFreePorts(Path.of("/p"), false, Path.of("/p/logs"));
        assertThat(java.util.Set.of(s.rendererPort(), s.gatewayPort(), s.relayPort(), s.rendererManagementPort(),
                s.gatewayManagementPort())).hasSize(5);
        io.nostale.wire.SigningKeys.parse(s.tokenKeys());
    }
}
