package io.nostale.gateway.subscribe;

import io.nostale.gateway.GatewayMetrics;
import io.nostale.gateway.GatewayProperties;
import io.nostale.gateway.catchup.StartPointFinder;
import io.nostale.gateway.connection.Connections;
import io.nostale.gateway.delivery.CatchUps;
import io.nostale.gateway.protocol.Frames;
import io.nostale.gateway.stream.TailFollower;
import io.nostale.wire.ResumeProofs;
import io.nostale.wire.SubscriptionTokens;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Admission of new sockets: the subscribe check, the per-user quota and the gateway's capacity. */
@Configuration(proxyBeanMethods = false)
class SubscribeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SubscribeConfiguration.class);
    /** Below this open-file limit the gateway does not start: too few files for it and any useful number of sockets. */
    static final long MIN_FILE_LIMIT = 1_024;
    /** Open files kept for everything but live sockets, at most (half of a small limit). */
    static final long MAX_FILE_RESERVE = 1_024;

    @Bean
    ConnectionQuota connectionQuota(GatewayProperties properties) {
        return new ConnectionQuota(properties);
    }

    @Bean
    Capacity capacity(GatewayProperties properties, Connections connections, CatchUps catchUps) {
        long fileLimit = openFileLimit();
        int max = maxConnections(properties.maxConnections(), fileLimit);
        int replaying = properties.maxReplaying() == 0 ? max : properties.maxReplaying();
        log.info("Capacity: {} connections (open-file limit {}), {} replaying at once, outbound budget {}", max,
                fileLimit < 0 ? "unknown" : fileLimit, replaying, properties.outboundBudget());
        return new Capacity(connections, catchUps, max, replaying);
    }

    /** The configured capacity, or the open-file limit less a reserve; refuses a capacity the process cannot hold. */
    static int maxConnections(int configured, long fileLimit) {
        if (fileLimit < 0) {
            return configured == 0 ? 10_000 : configured;
        }
        if (fileLimit < MIN_FILE_LIMIT) {
            throw new IllegalStateException("this process may open only " + fileLimit + " files (ulimit -n); the gateway"
                    + " needs at least " + MIN_FILE_LIMIT + " (nostale.gateway.max-connections cannot fit below that)");
        }
        long fits = fileLimit - fileReserve(fileLimit);
        if (configured > fits) {
            throw new IllegalStateException("nostale.gateway.max-connections is " + configured + " but this process may"
                    + " open only " + fileLimit + " files (ulimit -n); raise the limit or lower max-connections to " + fits);
        }
        return configured == 0 ? (int) Math.min(fits, 1_000_000) : configured;
    }

    /**
     * Open files kept for everything but live sockets: Jetty's refusal margin above the capacity (256), the jar, Kafka
     * connections, logs, selectors, and sockets that are closing. With 512 of 20,000 a reconnect storm used up the
     * process's files (accept failed with "Too many open files"), so 1,024, or half of a smaller limit.
     */
    static long fileReserve(long fileLimit) {
        return Math.min(MAX_FILE_RESERVE, fileLimit / 2);
    }

    private static long openFileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    @Bean
    SubscribeCheck subscribeCheck(JsonMapper json, SubscriptionTokens tokens, ResumeProofs proofs, TailFollower tail) {
        return new SubscribeCheck(json, tokens, proofs,
                () -> tail.isFollowing() ? tail.streamId() : Optional.empty());
    }

    @Bean
    Subscriber subscriber(SubscribeCheck check, ConnectionQuota quota, Capacity capacity, StartPointFinder startPoints,
            CatchUps catchUps, Connections connections, Frames frames, GatewayMetrics metrics,
            @Qualifier("catchUpPool") ExecutorService catchUpPool,
            @Qualifier("socketTimers") ScheduledExecutorService socketTimers, GatewayProperties properties) {
        return new Subscriber(check, quota, capacity, startPoints, catchUps, connections, frames, metrics, catchUpPool,
                socketTimers, properties.subscribeTimeout());
    }
}
