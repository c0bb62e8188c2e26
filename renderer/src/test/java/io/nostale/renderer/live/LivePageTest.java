package io.nostale.renderer.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nostale.wire.PageGrant;
import io.nostale.wire.SigningKeys;
import io.nostale.wire.SubscriptionTokens;
import io.nostale.wire.Timepoint;
import io.nostale.wire.TokenCheck;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LivePageTest {

    private static final String KEYS = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);
    private static final Instant NOW = Instant.parse("2026-11-25T19:40:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final LiveProperties properties =
            new LiveProperties(KEYS, URI.create("ws://gw.example:8081/live"), Duration.ofHours(12));
    private final LiveConfiguration configuration = new LiveConfiguration();
    private final JsonMapper mapper = JsonMapper.builder().build();

    @Test
    void embedsGatewayTokenTimepointPageAndUser() {
        LivePage page = new LivePage(configuration.subscriptionTokens(properties, clock),
                configuration.gatewayAddress(properties), properties, clock, mapper);
        Timepoint timepoint = Timepoint.parse("0/1A2B3C4@755:759:756,757@2026-11-25T19:39:59.123456Z");

        LiveBlocks blocks = page.embed(42, "home", timepoint, Map.of("joined", List.of(1)));

        JsonNode live = mapper.readTree(blocks.live());
        assertThat(live.get("gateway").asString()).isEqualTo("ws://gw.example:8081/live");
        assertThat(live.get("timepoint").asString()).isEqualTo(timepoint.toString());
        assertThat(live.get("page").asString()).isEqualTo("home");
        assertThat(live.get("userId").asLong()).isEqualTo(42);
        TokenCheck check = new SubscriptionTokens(SigningKeys.parse(KEYS), clock).verify(live.get("token").asString());
        assertThat(check).isInstanceOfSatisfying(TokenCheck.Accepted.class, accepted -> {
            assertThat(accepted.claims().userId()).isEqualTo(42);
            assertThat(accepted.claims().page()).isEqualTo("home");
            assertThat(accepted.claims().timepoint()).isEqualTo(timepoint);
            assertThat(accepted.claims().expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(12)));
        });
        assertThat(mapper.readTree(blocks.model()).get("joined").get(0).asLong()).isEqualTo(1);
    }

    @Test
    void roomPagesCarryTheirGrantsInTheTokenAndTheBlock() {
        LivePage page = new LivePage(configuration.subscriptionTokens(properties, clock),
                configuration.gatewayAddress(properties), properties, clock, mapper);
        Timepoint timepoint = Timepoint.parse("0/1A2B3C4@755:759:756,757@2026-11-25T19:39:59.123456Z");

        LiveBlocks owner = page.embed(42, "room:7", timepoint, Set.of(PageGrant.OWNER, PageGrant.MEMBER), Map.of());
        LiveBlocks home = page.embed(42, "home", timepoint, Map.of());

        JsonNode live = mapper.readTree(owner.live());
        assertThat(live.get("grants").valueStream().map(JsonNode::asString)).containsExactly("member", "owner");
        TokenCheck check = new SubscriptionTokens(SigningKeys.parse(KEYS), clock).verify(live.get("token").asString());
        assertThat(check).isInstanceOfSatisfying(TokenCheck.Accepted.class, accepted -> {
            assertThat(accepted.claims().page()).isEqualTo("room:7");
            assertThat(accepted.claims().grants()).containsExactlyInAnyOrder(PageGrant.MEMBER, PageGrant.OWNER);
        });
        assertThat(mapper.readTree(home.live()).get("grants").isEmpty()).isTrue();
    }

    @Test
    void missingKeysRefuseToStartWithoutEchoingAnything() {
        LiveProperties missing = new LiveProperties(null, properties.gatewayUrl(), properties.tokenTtl());
        assertThatThrownBy(() -> configuration.subscriptionTokens(missing, clock))
                .isInstanceOf(InvalidLiveConfigurationException.class)
                .hasMessageContaining("nostale.renderer.token-keys")
                .hasMessageContaining("no signing keys configured");
    }

    @Test
    void shortSecretIsRefusedAndTheSecretIsNotInTheMessage() {
        String secret = Base64.getEncoder().encodeToString("too-short-secret".getBytes());
        LiveProperties weak = new LiveProperties("k1:" + secret, properties.gatewayUrl(), properties.tokenTtl());
        assertThatThrownBy(() -> configuration.subscriptionTokens(weak, clock))
                .isInstanceOf(InvalidLiveConfigurationException.class)
                .hasMessageContaining("at least 32 bytes")
                .message().doesNotContain(secret);
    }

    @Test
    void aTokenLifetimeOutOfItsBoundsIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new LiveProperties(KEYS, properties.gatewayUrl(), Duration.ZERO))
                .isInstanceOf(io.nostale.wire.settings.InvalidSettingsException.class)
                .hasMessage("nostale.renderer.token-ttl (0s) must be between 1m and 7d");
        assertThatThrownBy(() -> new LiveProperties(KEYS, properties.gatewayUrl(), Duration.ofDays(8)))
                .hasMessageContaining("nostale.renderer.token-ttl (8d)");
    }

    @Test
    void gatewayMustBeAWebSocketUrl() {
        LiveProperties http = new LiveProperties(KEYS, URI.create("http://gw:8081/live"), properties.tokenTtl());
        assertThatThrownBy(() -> configuration.gatewayAddress(http))
                .isInstanceOf(InvalidLiveConfigurationException.class)
                .hasMessageContaining("ws://");
    }

    @Test
    void propertiesNeverPrintTheKeys() {
        assertThat(properties.toString()).doesNotContain(KEYS.substring(3)).contains("redacted");
    }

    @Test
    void gatewayOriginForTheContentSecurityPolicy() {
        assertThat(new GatewayAddress(URI.create("wss://live.example/live")).origin()).isEqualTo("wss://live.example");
        assertThat(configuration.gatewayAddress(properties).origin()).isEqualTo("ws://gw.example:8081");
    }
}
