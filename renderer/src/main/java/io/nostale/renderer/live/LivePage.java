package io.nostale.renderer.live;

import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.SubscriptionTokens;
import io.nostale.wire.Timepoint;
import io.nostale.wire.PageGrant;
import java.time.Clock;
import java.util.List;
import java.util.Set;
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
        return embed(userId, page, timepoint, Set.of(), model);
    }

    /**
     * A page whose access can change (a room page): {@code grants} must be exactly what the page's own snapshot
     * showed, since the gateway authorizes the stream from them and ends it when they stop being true.
     */
    public LiveBlocks embed(long userId, String page, Timepoint timepoint, Set<PageGrant> grants, Object model) {
        SubscriptionClaims claims = new SubscriptionClaims(userId, page, timepoint,
                clock.instant().plus(properties.tokenTtl()), grants);
        List<String> grantNames = claims.grants().stream().sorted().map(PageGrant::wireName).toList();
        LiveSettings live = new LiveSettings(gateway.url().toString(), tokens.sign(claims), timepoint.toString(), page,
                userId, grantNames);
        return new LiveBlocks(json.write(live), json.write(model));
    }

    /**
     * The {@code #nostale-live} document; field order is the documented one. {@code grants} repeats the token's
     * grants (wire names) for the script's information only: the gateway trusts the signed token, never this.
     */
    record LiveSettings(String gateway, String token, String timepoint, String page, long userId,
                        List<String> grants) {
    }
}
