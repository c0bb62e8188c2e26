package io.nostale.renderer.live;

import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.SubscriptionTokens;
import io.nostale.wire.Timepoint;
import java.time.Clock;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Signs a page's subscription and produces its embedded JSON blocks. */
@Component
public final class LivePage {

    private final SubscriptionTokens tokens;
    private final GatewayAddress gateway;
    private final LiveProperties properties;
    private final Clock clock;
    private final ScriptJson json;

    LivePage(SubscriptionTokens tokens, GatewayAddress gateway, LiveProperties properties, Clock clock,
             JsonMapper mapper) {
        this.tokens = tokens;
        this.gateway = gateway;
        this.properties = properties;
        this.clock = clock;
        this.json = new ScriptJson(mapper);
    }

    /**
     * @param page  the subscription, e.g. {@code home}
     * @param model the page's data as the script's model, serialized as-is into {@code #nostale-model}
     */
    public LiveBlocks embed(long userId, String page, Timepoint timepoint, Object model) {
        String token = tokens.sign(new SubscriptionClaims(userId, page, timepoint,
                clock.instant().plus(properties.tokenTtl())));
        LiveSettings live = new LiveSettings(gateway.url().toString(), token, timepoint.toString(), page, userId);
        return new LiveBlocks(json.write(live), json.write(model));
    }

    /** The {@code #nostale-live} document; field order is the documented one. */
    record LiveSettings(String gateway, String token, String timepoint, String page, long userId) {
    }
}
