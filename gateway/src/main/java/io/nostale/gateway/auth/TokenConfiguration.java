package io.nostale.gateway.auth;

import io.nostale.gateway.GatewayProperties;
import io.nostale.wire.MalformedValueException;
import io.nostale.wire.ResumeProofs;
import io.nostale.wire.SigningKeys;
import io.nostale.wire.SubscriptionTokens;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Verifies subscription tokens with the keys shared with the renderer, and proves resume points with the same keys
 * (so that any gateway of a deployment accepts another's proofs); refuses to start without valid keys.
 */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

    @Bean
    SubscriptionTokens subscriptionTokens(GatewayProperties properties) {
        return new SubscriptionTokens(keys(properties), Clock.systemUTC());
    }

    @Bean
    ResumeProofs resumeProofs(GatewayProperties properties) {
        return new ResumeProofs(keys(properties));
    }

    private static SigningKeys keys(GatewayProperties properties) {
        try {
            return SigningKeys.parse(properties.tokenKeys());
        } catch (MalformedValueException e) {
            throw new IllegalStateException("nostale.gateway.token-keys (NOSTALE_GATEWAY_TOKEN_KEYS) is invalid: "
                    + e.getMessage(), e);
        }
    }
}
