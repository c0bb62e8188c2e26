package io.nostale.gateway;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Gateway configuration ({@code nostale.gateway.*}), validated at start-up.
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
@Validated
@ConfigurationProperties("nostale.gateway")
public record GatewayProperties(
        @NotBlank String kafkaBootstrapServers,
        @NotBlank String topic,
        @NotBlank String tokenKeys,
        @NotEmpty List<String> allowedOrigins,
        @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 24) Duration visibilityWindow,
        @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 10) Duration heartbeatInterval,
        @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 10) Duration subscribeTimeout,
        @Min(1_000) @Max(10_000_000) int logCapacity,
        @Min(1) @Max(64) int catchUpReaders,
        @Min(1) @Max(100_000) int catchUpBatch,
        @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 10) Duration brokerTimeout,
        @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 10) Duration sendTimeLimit,
        @Min(1_024) @Max(16 * 1024 * 1024) int maxFrameBytes,
        @Min(1) @Max(100_000) int maxConnectionsPerUser,
        @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 10) Duration closeGrace,
        @Min(0) @Max(1_000_000) int maxConnections,
        @NotNull DataSize outboundBudget,
        @NotNull DataSize outboxBytes,
        @NotNull DataSize writeBytes,
        @Min(0) @Max(1_000_000) int maxReplaying,
        @NotNull @DurationMin(seconds = 2) @DurationMax(hours = 1) Duration freshness,
        @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 10) Duration databaseHeartbeatInterval) {

    public GatewayProperties {
        if (outboundBudget != null && outboundBudget.toBytes() < 1024 * 1024) {
            throw new IllegalArgumentException("nostale.gateway.outbound-budget must be at least 1MB, is " + outboundBudget);
        }
        if (outboxBytes != null && (outboxBytes.toBytes() < 16 * 1024 || outboundBudget != null
                && outboxBytes.toBytes() > outboundBudget.toBytes())) {
            throw new IllegalArgumentException("nostale.gateway.outbox-bytes must be between 16KB and the outbound"
                    + " budget, is " + outboxBytes);
        }
        if (writeBytes != null && (writeBytes.toBytes() < 1024 || writeBytes.toBytes() > 16 * 1024 * 1024)) {
            throw new IllegalArgumentException("nostale.gateway.write-bytes must be between 1KB and 16MB, is " + writeBytes);
        }
        if (freshness != null && databaseHeartbeatInterval != null && heartbeatInterval != null) {
            io.nostale.gateway.delivery.FreshnessBounds.check(freshness, databaseHeartbeatInterval, heartbeatInterval);
        }
    }

    @Override
    public String toString() {
        return "GatewayProperties[kafka=" + kafkaBootstrapServers + ", topic=" + topic + ", origins=" + allowedOrigins
                + ", visibilityWindow=" + visibilityWindow + ", maxConnections=" + maxConnections + ", outboundBudget="
                + outboundBudget + ", tokenKeys=<redacted>]";
    }
}
