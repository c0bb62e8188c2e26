package io.nostale.relay.capture;

import io.debezium.connector.postgresql.PostgresConnector;
import io.nostale.relay.RelayProperties;
import io.nostale.relay.slot.SlotStart;
import java.util.Properties;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.springframework.stereotype.Component;

/** The Debezium configuration of one engine run, documented keys only. */
@Component
class EngineSettings {

    /** The chat tables of the publication; app_user is not captured (password hashes never leave the database). */
    static final String TABLES = "public.chat_room,public.chat_room_member,public.chat_room_join_request,"
            + "public.chat_message,public.nostale_heartbeat";

    static final String HEARTBEAT_QUERY = "INSERT INTO nostale_heartbeat (id, beat_at) VALUES (1, now()) "
            + "ON CONFLICT (id) DO UPDATE SET beat_at = now()";

    private final RelayProperties properties;

    EngineSettings(RelayProperties properties) {
        this.properties = properties;
    }

    String slot() {
        return properties.slot();
    }

    Properties forSlot(SlotStart slot) {
        RelayProperties.Database database = properties.database();
        RelayProperties.Capture capture = properties.capture();
        Properties config = new Properties();
        // Offsets are namespaced by engine name: one namespace per database cluster and slot, so that a replaced
        // database (new system id) never resumes from LSNs of another cluster. A recreated slot keeps the name;
        // the relay discards the name's offsets before it creates the slot (StreamStarter).
        config.setProperty("name", slot.engineName());
        config.setProperty("connector.class", PostgresConnector.class.getName());
        config.setProperty("topic.prefix", "nostale");

        config.setProperty("offset.storage", KafkaOffsetBackingStore.class.getName());
        config.setProperty("offset.storage.topic", properties.offsets().topic());
        config.setProperty("offset.storage.partitions", "1");
        config.setProperty("offset.storage.replication.factor", Integer.toString(properties.offsets().replicationFactor()));
        config.setProperty("bootstrap.servers", properties.kafka().bootstrapServers());
        config.setProperty("offset.flush.interval.ms", Long.toString(properties.offsets().flushInterval().toMillis()));

        config.setProperty("database.hostname", database.host());
        config.setProperty("database.port", Integer.toString(database.port()));
        config.setProperty("database.user", database.user());
        config.setProperty("database.password", database.password());
        config.setProperty("database.dbname", database.name());

        config.setProperty("plugin.name", "pgoutput");
        config.setProperty("slot.name", properties.slot());
        config.setProperty("publication.name", properties.publication());
        config.setProperty("publication.autocreate.mode", "disabled");
        config.setProperty("table.include.list", TABLES);
        // pages read the database; only changes after the slot exists matter
        config.setProperty("snapshot.mode", "no_data");
        config.setProperty("tombstones.on.delete", "false");
        // Debezium skips truncates by default ("t"); a truncated table must reach the pages that show it (D22)
        config.setProperty("skipped.operations", "none");

        // poll.interval.ms is two waits on every change's way: the streaming thread sleeps that long whenever the
        // replication connection had nothing for it five times in a row, and the queue holds what arrives for up to
        // that long before handing a batch over (earlier only once max.batch.size are waiting). Debezium's 500 ms
        // default would be the floor of every change's latency; 1 ms costs about two wake-ups a millisecond while
        // the stream is quiet (D18; measured in docs/benchmarks.md).
        config.setProperty("poll.interval.ms", Long.toString(capture.pollInterval().toMillis()));
        config.setProperty("max.batch.size", Integer.toString(capture.maxBatchSize()));
        config.setProperty("max.queue.size", Integer.toString(Math.max(8192, capture.maxBatchSize() * 4)));
        config.setProperty("heartbeat.interval.ms", Long.toString(capture.heartbeatInterval().toMillis()));
        config.setProperty("heartbeat.action.query", HEARTBEAT_QUERY);

        // failures surface to the supervisor, which logs them and restarts the engine with backoff
        config.setProperty("errors.max.retries", "0");
        return config;
    }
}
