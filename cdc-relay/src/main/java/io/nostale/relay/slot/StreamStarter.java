package io.nostale.relay.slot;

import io.nostale.relay.RelayMisconfiguredException;
import io.nostale.relay.RelayProperties;
import io.nostale.relay.kafka.ChangePublisher;
import io.nostale.wire.StreamStart;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes sure the replication slot exists before Debezium starts. A missing slot is created here, not by Debezium,
 * so that its start LSN is known: the relay then writes a stream-start record and waits for Kafka's acknowledgement,
 * which tells readers that history before that point was never captured. Only then does Debezium stream from it.
 *
 * <p>If the stream-start record cannot be written the new slot is dropped again, so the next attempt starts over.
 * A crash in the milliseconds between creating the slot and Kafka's acknowledgement would leave a slot without its
 * record; the relay cannot tell that apart from a slot it created earlier.
 */
@Component
public class StreamStarter {

    private static final Logger log = LoggerFactory.getLogger(StreamStarter.class);

    private final RelayDatabase database;
    private final String slot;

    StreamStarter(RelayDatabase database, RelayProperties properties) {
        this.database = database;
        this.slot = properties.slot();
    }

    public SlotStart ensureSlot(ChangePublisher publisher) throws SQLException, InterruptedException {
        try (Connection connection = database.connect()) {
            String systemId = systemId(connection);
            if (slotExists(connection)) {
                return new SlotStart(systemId, false);
            }
            StreamStart start = createSlot(connection, systemId);
            log.info("Created replication slot '{}' at {} (system {}); writing the stream-start record", slot,
                    start.startLsn(), systemId);
            try {
                publisher.publishStreamStart(start);
            }
            catch (RuntimeException | InterruptedException e) {
                dropSlot(connection);
                throw e;
            }
            log.info("Stream-start record of slot '{}' acknowledged; history begins at {}", slot, start.startLsn());
            return new SlotStart(systemId, true);
        }
    }

    private boolean slotExists(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT slot_type, plugin, database, active FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, slot);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return false;
                }
                if (!"logical".equals(row.getString(1)) || !"pgoutput".equals(row.getString(2))
                        || !connection.getCatalog().equals(row.getString(3))) {
                    throw new RelayMisconfiguredException("Replication slot '" + slot + "' exists but is a "
                            + row.getString(1) + " slot of plugin " + row.getString(2) + " on database "
                            + row.getString(3) + "; the relay needs a logical pgoutput slot on '"
                            + connection.getCatalog() + "'. Drop it or configure another slot (NOSTALE_RELAY_SLOT).");
                }
                log.info("Replication slot '{}' exists{}; resuming from it", slot,
                        row.getBoolean(4) ? " (still marked active by a previous session)" : "");
                return true;
            }
        }
    }

    private StreamStart createSlot(Connection connection, String systemId) throws SQLException {
        String startLsn;
        try (PreparedStatement create = connection.prepareStatement(
                "SELECT lsn::text FROM pg_create_logical_replication_slot(?, 'pgoutput')")) {
            create.setString(1, slot);
            try (ResultSet row = create.executeQuery()) {
                row.next();
                startLsn = row.getString(1);
            }
        }
        long startedMillis;
        try (Statement clock = connection.createStatement();
             ResultSet row = clock.executeQuery("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")) {
            row.next();
            startedMillis = row.getLong(1);
        }
        return new StreamStart(slot, systemId, startLsn, startedMillis);
    }

    private void dropSlot(Connection connection) {
        try (PreparedStatement drop = connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
            drop.setString(1, slot);
            drop.execute();
            log.warn("Dropped the new replication slot '{}' again: its stream-start record was not written", slot);
        }
        catch (SQLException e) {
            log.error("Could not drop replication slot '{}' after failing to write its stream-start record: {}. "
                    + "Drop it by hand (SELECT pg_drop_replication_slot('{}')) so that the relay announces the "
                    + "stream it starts", slot, e.getMessage(), slot);
        }
    }

    private static String systemId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
            row.next();
            return row.getString(1);
        }
    }
}
