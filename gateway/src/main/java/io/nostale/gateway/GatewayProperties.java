package io.nostale.gateway;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
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
 * @param catchUpReaders        pooled Kafka consumers for replays older than the in-memory log
 * @param catchUpBatch          records read per catch-up step
 * @param brokerTimeout         how long a catch-up waits for Kafka before telling the client to retry
 * @param sendTimeLimit         a frame not accepted within this marks the client as too slow
 * @param maxFrameBytes         largest client frame accepted
 * @param maxConnectionsPerUser subscribed sockets one user may hold at once (tabs, devices); more are refused
 * @param closeGrace            how long a closing socket may take to accept the frames still on their way and the
 *                              close frame (a dropped slow client that reads again); then its connection is closed
 */
@Validated
@ConfigurationProperties("nostale.gateway")
public record GatewayProperties(
        @NotBlank String kafkaBootstrapServers,
        @NotBlank String topic,
        @NotBlank String tokenKeys,
        @NotEmpty List<String> allowedOrigins,
        @NotNull Duration visibilityWindow,
        @NotNull Duration heartbeatInterval,
        @NotNull Duration subscribeTimeout,
        @Min(1_000) int logCapacity,
        @Min(1) @Max(64) int catchUpReaders,
        @Min(1) int catchUpBatch,
        @NotNull Duration brokerTimeout,
        @NotNull Duration sendTimeLimit,
        @Min(1_024) int maxFrameBytes,
        @Min(1) int maxConnectionsPerUser,
        @NotNull Duration closeGrace) {

    @Override
    public String toString() {
        return "GatewayProperties[kafka=" + kafkaBootstrapServers + ", topic=" + topic + ", origins=" + allowedOrigins
                + ", visibilityWindow=" + visibilityWindow + ", tokenKeys=<redacted>]";
    }
}
