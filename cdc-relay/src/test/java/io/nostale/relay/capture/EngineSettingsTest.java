package io.nostale.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.relay.RelayProperties;
import io.nostale.relay.slot.SlotStart;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

    private static final RelayProperties PROPERTIES = new RelayProperties(
            new RelayProperties.Database("db.example", 5433, "chat", "relay", "secret"),
            new RelayProperties.Kafka("kafka:9092", Duration.ofSeconds(30)),
            "nostale.changes", 3, Duration.ofDays(7), "nostale", "nostale",
            new RelayProperties.Offsets("nostale.relay.offsets", 3, Duration.ofSeconds(1)),
            new RelayProperties.Capture(Duration.ofMillis(10), 512, Duration.ofSeconds(5)),
            new RelayProperties.Restart(Duration.ofSeconds(1), Duration.ofSeconds(30)),
            Duration.ofSeconds(5));

    private final Properties config = new EngineSettings(PROPERTIES).forSlot(new SlotStart("7312345678901234567", "nostale", false));

    @Test
    void streamsTheChatTablesOfTheExistingPublicationThroughPgoutput() {
        assertThat(config).containsEntry("connector.class", "io.debezium.connector.postgresql.PostgresConnector")
                .containsEntry("plugin.name", "pgoutput")
                .containsEntry("slot.name", "nostale")
                .containsEntry("publication.name", "nostale")
                .containsEntry("publication.autocreate.mode", "disabled")
                .containsEntry("snapshot.mode", "no_data")
                .containsEntry("table.include.list", "public.chat_room,public.chat_room_member,"
                        + "public.chat_room_join_request,public.chat_message,public.nostale_heartbeat")
                .containsEntry("database.hostname", "db.example")
                .containsEntry("database.port", "5433")
                .containsEntry("database.dbname", "chat");
    }

    @Test
    void keepsOffsetsInKafkaPerDatabaseClusterAndSlot() {
        assertThat(config)
                .containsEntry("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore")
                .containsEntry("offset.storage.topic", "nostale.relay.offsets")
                .containsEntry("offset.storage.partitions", "1")
                .containsEntry("offset.storage.replication.factor", "3")
                .containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("offset.flush.interval.ms", "1000")
                .containsEntry("name", "nostale-relay.7312345678901234567.nostale");
    }

    @Test
    void pollsEveryTenMillisecondsAndBeatsTheHeartbeatTable() {
        assertThat(config).containsEntry("poll.interval.ms", "10")
                .containsEntry("max.batch.size", "512")
                .containsEntry("heartbeat.interval.ms", "5000")
                .containsEntry("heartbeat.action.query", "INSERT INTO nostale_heartbeat (id, beat_at) VALUES (1, now()) "
                        + "ON CONFLICT (id) DO UPDATE SET beat_at = now()");
    }

    @Test
    void relaysTruncatesWhichDebeziumSkipsByDefault() {
        assertThat(config).containsEntry("skipped.operations", "none");
    }

    @Test
    void leavesRestartsToTheSupervisor() {
        assertThat(config).containsEntry("errors.max.retries", "0");
    }

    @Test
    void describesAFailureWithItsCausesOnOneLine() {
        Exception failure = new IllegalStateException("engine stopped", new java.io.IOException("Connection refused"));

        assertThat(CaptureSupervisor.describe(failure))
                .isEqualTo("IllegalStateException: engine stopped <- IOException: Connection refused");
    }

    @Test
    void neverPrintsThePassword() {
        assertThat(PROPERTIES.database().toString()).doesNotContain("secret");
    }
}
