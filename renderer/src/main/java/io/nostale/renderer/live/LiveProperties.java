package io.nostale.renderer.live;

import io.nostale.wire.settings.SettingsCheck;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code nostale.renderer.*}.
 *
 * @param tokenKeys  HMAC keys {@code id:base64secret[,...]} shared with the gateway; the first one signs.
 *                   Required. Kept as text here and parsed by {@link LiveConfiguration} so that a bad value is
 *                   reported without echoing the secret (Boot's bind-failure report prints values).
 * @param gatewayUrl the WebSocket address pages connect to, {@code ws://} or {@code wss://}
 * @param tokenTtl   how long a page's subscription token stays valid (and a page may reconnect with it): at least a
 *                   minute, so a page can subscribe at all; at most 7 days, so a copied token does not last
 */
@Validated
@ConfigurationProperties("nostale.renderer")
record LiveProperties(String tokenKeys, @NotNull URI gatewayUrl, Duration tokenTtl) {

    LiveProperties {
        tokenKeys = tokenKeys == null ? "" : tokenKeys;
        SettingsCheck.of("nostale.renderer")
                .duration("token-ttl", tokenTtl, Duration.ofMinutes(1), Duration.ofDays(7))
                .verify();
    }

    /** Never prints the keys. */
    @Override
    public String toString() {
        return "LiveProperties[tokenKeys=<redacted>, gatewayUrl=" + gatewayUrl + ", tokenTtl=" + tokenTtl + "]";
    }
}
