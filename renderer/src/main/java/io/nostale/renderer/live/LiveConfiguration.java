package io.nostale.renderer.live;

import io.nostale.wire.MalformedValueException;
import io.nostale.wire.SigningKeys;
import io.nostale.wire.SubscriptionTokens;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Validates the live settings at start-up: a renderer that cannot sign tokens must not serve pages. */
@Configuration(proxyBeanMethods = false)
class LiveConfiguration {

    static final String TOKEN_KEYS = "nostale.renderer.token-keys";

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SubscriptionTokens subscriptionTokens(LiveProperties properties, Clock clock) {
        SigningKeys keys;
        try {
            keys = SigningKeys.parse(properties.tokenKeys());
        } catch (MalformedValueException e) {
            // SigningKeys' messages name key ids only, never secrets, so this is safe to print.
            throw new InvalidLiveConfigurationException(TOKEN_KEYS, e.getMessage());
        }
        return new SubscriptionTokens(keys, clock);
    }

    @Bean
    GatewayAddress gatewayAddress(LiveProperties properties) {
        String scheme = properties.gatewayUrl().getScheme();
        if (!"ws".equals(scheme) && !"wss".equals(scheme) || properties.gatewayUrl().getHost() == null) {
            throw new InvalidLiveConfigurationException("nostale.renderer.gateway-url",
                    "must be an absolute ws:// or wss:// URL, got " + properties.gatewayUrl());
        }
        return new GatewayAddress(properties.gatewayUrl());
    }
}
