package io.nostale.gateway.subscribe;

import io.nostale.gateway.GatewayProperties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many subscribed sockets each user holds. A user flooding the gateway with connections is refused past
 * {@code max-connections-per-user}; everyone else is unaffected.
 */
final class ConnectionQuota {

    private final ConcurrentHashMap<Long, Integer> byUser = new ConcurrentHashMap<>();
    private final int limit;

    ConnectionQuota(GatewayProperties properties) {
        this.limit = properties.maxConnectionsPerUser();
    }

    /** Takes one of the user's slots; false when all are in use. */
    boolean tryAcquire(long userId) {
        boolean[] acquired = {false};
        byUser.compute(userId, (user, held) -> {
            int count = held == null ? 0 : held;
            acquired[0] = count < limit;
            return acquired[0] ? count + 1 : count;
        });
        return acquired[0];
    }

    void release(long userId) {
        byUser.computeIfPresent(userId, (user, held) -> held <= 1 ? null : held - 1);
    }

    int limit() {
        return limit;
    }
}
