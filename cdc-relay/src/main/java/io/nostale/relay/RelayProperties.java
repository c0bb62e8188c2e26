package io.nostale.relay;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import io.nostale.wire.settings.SettingsCheck;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code nostale.relay.*}; defaults and the environment variables that override them are in application.yml. Every
 * duration, size and count is checked at start by one chain (the constructor: bounds, then the rules between
 * settings); a violation stops the start with one message naming every setting to fix. Names and the slot's
 * spelling are checked by the annotations. docs/operations.md lists the bounds and why.
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
        int topicReplicationFactor,
        Duration topicRetention,
        @NotNull @Pattern(regexp = "[a-z0-9_]{1,63}", message = "must be 1-63 of a-z, 0-9 and _ (PostgreSQL slot name)")
        String slot,
        @NotBlank String publication,
        @Valid @NotNull Offsets offsets,
        @Valid @NotNull Capture capture,
        @Valid @NotNull Restart restart,
        Duration slotMetricsInterval) {

    /** The relay's one validation chain; every violation is reported at once. */
    public RelayProperties {
        SettingsCheck.of("nostale.relay")
                .count("database.port", part(database, Database::port, 1), 1, 65_535)
                .duration("kafka.delivery-timeout", part(kafka, Kafka::deliveryTimeout, null), ofSeconds(1), ofMinutes(10))
                .count("topic-replication-factor", topicReplicationFactor, 1, Short.MAX_VALUE)
                .duration("topic-retention", topicRetention, ofMinutes(1), ofDays(3650))
                .count("offsets.replication-factor", part(offsets, Offsets::replicationFactor, 1), 1, Short.MAX_VALUE)
                .duration("offsets.flush-interval", part(offsets, Offsets::flushInterval, null), ofMillis(1), ofDays(1))
                .duration("capture.poll-interval", part(capture, Capture::pollInterval, null), ofMillis(1), ofSeconds(10))
                .count("capture.max-batch-size", part(capture, Capture::maxBatchSize, 1), 1, 65_536)
                .duration("capture.heartbeat-interval", part(capture, Capture::heartbeatInterval, null), ofMillis(100),
                        ofMinutes(10))
                .duration("restart.initial-backoff", part(restart, Restart::initialBackoff, null), ofMillis(10), ofMinutes(1))
                .duration("restart.max-backoff", part(restart, Restart::maxBackoff, null), ofMillis(10), ofMinutes(10))
                .duration("slot-metrics-interval", slotMetricsInterval, ofMillis(100), ofMinutes(10))
                .atMost("restart.initial-backoff", part(restart, Restart::initialBackoff, null), "restart.max-backoff",
                        part(restart, Restart::maxBackoff, null), "the backoff doubles from the first up to the second")
                .verify();
    }

    /** A nested setting, or {@code absent} when its group is missing (reported by its {@code @NotNull}). */
    private static <T, V> V part(T group, Function<T, V> setting, V absent) {
        return group == null ? absent : setting.apply(group);
    }

    /** Connection to PostgreSQL; the role needs REPLICATION (or superuser) to create and read the slot. */
    public record Database(@NotBlank String host, int port, @NotBlank String name,
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
    public record Kafka(@NotBlank String bootstrapServers, Duration deliveryTimeout) {
    }

    /**
     * @param topic             compacted topic of Debezium's {@code KafkaOffsetBackingStore}
     * @param replicationFactor its replication factor, when Debezium creates it
     * @param flushInterval     how often acknowledged positions are committed (and the slot's flush LSN advanced)
     */
    public record Offsets(@NotBlank String topic, int replicationFactor, Duration flushInterval) {
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
    public record Capture(Duration pollInterval, int maxBatchSize, Duration heartbeatInterval) {
    }

    /** Backoff between engine restarts: doubles from {@code initialBackoff} up to {@code maxBackoff}. */
    public record Restart(Duration initialBackoff, Duration maxBackoff) {
    }
}
