package io.nostale.relay;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code nostale.relay.*}; defaults and the environment variables that override them are in application.yml.
 *
 * @param database               the PostgreSQL database whose WAL is captured
 * @param kafka                  the Kafka cluster (change topic and Debezium's offsets)
 * @param topic                  the change topic; exactly one partition, so that Kafka order is commit order
 * @param topicReplicationFactor replication factor used when the relay creates the change topic
 * @param topicRetention         {@code retention.ms} used when the relay creates the change topic
 * @param slot                   logical replication slot; created by the relay (with a stream-start record) if absent
 * @param publication            publication created by the schema migration; never created by the relay
 * @param offsets                where Debezium's offsets are kept
 * @param capture                Debezium's polling and heartbeat settings
 * @param restart                backoff between engine restarts after a failure
 * @param slotMetricsInterval    how often the slot's WAL gauges are refreshed (one small query)
 */
@Validated
@ConfigurationProperties("nostale.relay")
public record RelayProperties(
        @Valid @NotNull Database database,
        @Valid @NotNull Kafka kafka,
        @NotBlank String topic,
        @Min(1) @Max(Short.MAX_VALUE) int topicReplicationFactor,
        @NotNull @DurationMin(minutes = 1) Duration topicRetention,
        @NotNull @Pattern(regexp = "[a-z0-9_]{1,63}", message = "must be 1-63 of a-z, 0-9 and _ (PostgreSQL slot name)")
        String slot,
        @NotBlank String publication,
        @Valid @NotNull Offsets offsets,
        @Valid @NotNull Capture capture,
        @Valid @NotNull Restart restart,
        @NotNull @DurationMin(millis = 100) Duration slotMetricsInterval) {

    /** Connection to PostgreSQL; the role needs REPLICATION (or superuser) to create and read the slot. */
    public record Database(@NotBlank String host, @Min(1) @Max(65535) int port, @NotBlank String name,
                           @NotBlank String user, String password) {

        public Database {
            password = password == null ? "" : password;
        }

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        /** Never prints the password. */
        @Override
        public String toString() {
            return "Database[host=" + host + ", port=" + port + ", name=" + name + ", user=" + user + ", password=<redacted>]";
        }
    }

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param deliveryTimeout  how long the producer may retry a record before the batch counts as failed (the engine
     *                         then restarts from its last committed offset)
     */
    public record Kafka(@NotBlank String bootstrapServers, @NotNull @DurationMin(seconds = 1) Duration deliveryTimeout) {
    }

    /**
     * @param topic             compacted topic of Debezium's {@code KafkaOffsetBackingStore}
     * @param replicationFactor its replication factor, when Debezium creates it
     * @param flushInterval     how often acknowledged positions are committed (and the slot's flush LSN advanced)
     */
    public record Offsets(@NotBlank String topic, @Min(1) @Max(Short.MAX_VALUE) int replicationFactor,
                          @NotNull @DurationMin(millis = 1) Duration flushInterval) {
    }

    /**
     * @param pollInterval      Debezium's {@code poll.interval.ms}: how long its queue collects changes before it
     *                          hands a batch over (unless {@code maxBatchSize} are waiting), and how long its
     *                          streaming thread sleeps when the replication connection has nothing: both are waits
     *                          on the way of every change, so this is part of the capture latency
     * @param maxBatchSize      most changes handed to the relay (and sent to Kafka) at once
     * @param heartbeatInterval Debezium heartbeat; its action query writes {@code nostale_heartbeat} so that
     *                          positions and the slot advance on quiet streams
     */
    public record Capture(@NotNull @DurationMin(millis = 1) Duration pollInterval, @Min(1) @Max(65536) int maxBatchSize,
                          @NotNull @DurationMin(millis = 1) Duration heartbeatInterval) {
    }

    /** Backoff between engine restarts: doubles from {@code initialBackoff} up to {@code maxBackoff}. */
    public record Restart(@NotNull @DurationMin(millis = 1) Duration initialBackoff,
                          @NotNull @DurationMin(millis = 1) Duration maxBackoff) {
    }
}
