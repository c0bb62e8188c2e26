package io.nostale.gateway;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import io.nostale.gateway.delivery.FreshnessBounds;
import io.nostale.gateway.protocol.SubscribeRequest;
import io.nostale.wire.settings.Settings;
import io.nostale.wire.settings.SettingsCheck;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Gateway configuration ({@code nostale.gateway.*}), checked at start-up by one chain (its constructor): every
 * duration, size and count within its bounds, then the rules between settings; a violation stops the start with one
 * message naming every setting to fix ({@code SettingsFailureAnalyzer}). docs/operations.md lists the bounds and why.
 *
 * @param kafkaBootstrapServers Kafka brokers holding the change topic
 * @param topic                 the change topic (one partition)
 * @param tokenKeys             HMAC keys shared with the renderer, {@code id:base64secret[,...]}; never logged
 * @param allowedOrigins        origins allowed to open the socket (cross-site WebSocket hijacking defence)
 * @param visibilityWindow      how long a transaction may stay committed-in-WAL but invisible to new snapshots
 *                              (synchronous replication wait); catch-up starts this far before the page's read
 * @param heartbeatInterval     quiet-stream heartbeat period
 * @param subscribeTimeout      time a new socket has to send its subscribe frame
 * @param logCapacity           recent records kept in memory; replays within it never touch Kafka
 * @param catchUpReaders        pooled Kafka consumers for replays older than the in-memory log (and catch-up threads)
 * @param catchUpBatch          records read per catch-up step
 * @param brokerTimeout         how long a catch-up waits for Kafka before telling the client to retry
 * @param sendTimeLimit         a write not taken by the client within this marks the client as too slow
 * @param maxFrameBytes         largest client frame accepted
 * @param maxConnectionsPerUser subscribed sockets one user may hold at once (tabs, devices); more are refused
 * @param closeGrace            how long a closing socket may take to accept the frames still on their way and the
 *                              close frame (a dropped slow client that reads again); then its connection is closed
 * @param maxConnections        sockets this gateway holds; more are refused with {@code unavailable}. 0: the
 *                              process's open-file limit less a reserve; set higher than that, the gateway won't start
 * @param outboundBudget        bytes queued to all sockets together, not yet written (frame bytes plus 64 per frame)
 * @param outboxBytes           bytes queued to one socket; a client that lets more pile up is dropped as too slow
 * @param writeBytes            bytes one socket write takes from its queue at most
 * @param maxReplaying          pages replaying history at once; more are refused with {@code unavailable}.
 *                              0: as many as {@code max-connections}
 * @param freshness             a page whose stream is older than this shows "delayed" (docs/protocol.md, "Freshness")
 * @param databaseHeartbeatInterval the relay's heartbeat interval (its {@code capture.heartbeat-interval}), which the
 *                              gateway cannot read: with {@code heartbeat-interval} it must stay well below
 *                              {@code freshness} ({@link io.nostale.gateway.delivery.FreshnessBounds})
 */
@ConfigurationProperties("nostale.gateway")
public record GatewayProperties(
        String kafkaBootstrapServers,
        String topic,
        String tokenKeys,
        List<String> allowedOrigins,
        Duration visibilityWindow,
        Duration heartbeatInterval,
        Duration subscribeTimeout,
        int logCapacity,
        int catchUpReaders,
        int catchUpBatch,
        Duration brokerTimeout,
        Duration sendTimeLimit,
        int maxFrameBytes,
        int maxConnectionsPerUser,
        Duration closeGrace,
        int maxConnections,
        DataSize outboundBudget,
        DataSize outboxBytes,
        DataSize writeBytes,
        int maxReplaying,
        Duration freshness,
        Duration databaseHeartbeatInterval) {

    /** A page that got no frame for this long presumes its socket dead and reconnects (live.js SILENCE_TIMEOUT_MS). */
    static final Duration PAGE_SILENCE_TIMEOUT = ofSeconds(60);

    /**
     * The gateway's one validation chain: each setting's bounds first, then the rules between settings (skipped for a
     * setting already out of its bounds); every violation is reported at once.
     */
    public GatewayProperties {
        long maxHeap = Runtime.getRuntime().maxMemory();
        SettingsCheck check = SettingsCheck.of("nostale.gateway")
                .text("kafka-bootstrap-servers", kafkaBootstrapServers)
                .text("topic", topic)
                .text("token-keys", tokenKeys)
                .rule(allowedOrigins != null && !allowedOrigins.isEmpty()
                                && allowedOrigins.stream().noneMatch(o -> o == null || o.isBlank()),
                        () -> "nostale.gateway.allowed-origins must list at least one origin, none blank", "allowed-origins")
                .duration("visibility-window", visibilityWindow, ofSeconds(1), ofHours(24))
                .duration("heartbeat-interval", heartbeatInterval, ofMillis(100), PAGE_SILENCE_TIMEOUT.dividedBy(3))
                .duration("subscribe-timeout", subscribeTimeout, ofMillis(100), ofMinutes(10))
                .count("log-capacity", logCapacity, 1_000, 10_000_000)
                .count("catch-up-readers", catchUpReaders, 1, 64)
                .count("catch-up-batch", catchUpBatch, 1, 100_000)
                .duration("broker-timeout", brokerTimeout, ofMillis(100), ofMinutes(10))
                .duration("send-time-limit", sendTimeLimit, ofMillis(100), ofMinutes(10))
                .count("max-frame-bytes", maxFrameBytes, SubscribeRequest.LARGEST_FRAME_BYTES, 1024 * 1024)
                .count("max-connections-per-user", maxConnectionsPerUser, 1, 100_000)
                .duration("close-grace", closeGrace, ofMillis(100), ofMinutes(20))
                .count("max-connections", maxConnections, 0, 1_000_000)
                .bytes("outbound-budget", bytes(outboundBudget), 1024 * 1024, 64L * 1024 * 1024 * 1024)
                .bytes("outbox-bytes", bytes(outboxBytes), 16 * 1024, 64L * 1024 * 1024)
                .bytes("write-bytes", bytes(writeBytes), 1024, 16 * 1024 * 1024)
                .count("max-replaying", maxReplaying, 0, 1_000_000)
                .duration("freshness", freshness, ofSeconds(2), ofHours(1))
                .duration("database-heartbeat-interval", databaseHeartbeatInterval, ofMillis(100), ofMinutes(10));
        check.below("send-time-limit", sendTimeLimit, "close-grace", closeGrace, "a dropped client has the close"
                        + " grace to take the frame it was too slow for, its resync and the close; a client taking"
                        + " that frame within the send time limit, which counts as fast enough, must not be cut off")
                .atMost("outbox-bytes", bytes(outboxBytes), "outbound-budget", bytes(outboundBudget),
                        "one socket's queue is part of what all sockets may queue")
                .rule(outboundBudget == null || outboundBudget.toBytes() <= maxHeap / 2,
                        () -> "nostale.gateway.outbound-budget (" + Settings.bytes(outboundBudget.toBytes())
                                + ") must be at most half the heap (-Xmx, " + maxHeap / (1024 * 1024) + "MB): the bytes"
                                + " queued to sockets would run the gateway out of memory before the budget refuses"
                                + " anyone", "outbound-budget")
                .rule(freshness == null || databaseHeartbeatInterval == null || heartbeatInterval == null
                                || FreshnessBounds.holds(freshness, databaseHeartbeatInterval, heartbeatInterval),
                        () -> FreshnessBounds.explain(freshness, databaseHeartbeatInterval, heartbeatInterval),
                        "freshness", "database-heartbeat-interval", "heartbeat-interval")
                .verify();
    }

    private static Long bytes(DataSize size) {
        return size == null ? null : size.toBytes();
    }

    @Override
    public String toString() {
        return "GatewayProperties[kafka=" + kafkaBootstrapServers + ", topic=" + topic + ", origins=" + allowedOrigins
                + ", visibilityWindow=" + visibilityWindow + ", maxConnections=" + maxConnections + ", outboundBudget="
                + outboundBudget + ", tokenKeys=<redacted>]";
    }
}
