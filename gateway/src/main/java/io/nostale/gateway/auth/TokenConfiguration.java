package io.nostale.gateway.auth;

import io.nostale.gateway.GatewayProperties;
import io.nostale.wire.MalformedValueException;
import io.nostale.wire.SigningKeys;
import io.nostale.wire.SubscriptionTokens;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Verifies subscription tokens with the keys shared with the renderer; refuses to start without valid keys. */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

    @Bean
    SubscriptionTokens subscriptionTokens(GatewayProperties properties) {
        try {
            return new SubscriptionTokens(SigningKeys.parse(properties.tokenKeys()), Clock.systemUTC());
        } catch (MalformedValueException e) {
            throw new IllegalStateException("nostale.gateway.token-keys (NOSTALE_GATEWAY_TOKEN_KEYS) is invalid: "
                    + e.getMessage(), e);
        }
    }
}
