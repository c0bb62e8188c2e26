package io.nostale.relay.slot;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nostale.relay.RelayMisconfiguredException;
import io.nostale.relay.RelayProperties;
import io.nostale.relay.kafka.ChangePublisher;
import io.nostale.relay.kafka.StoredOffsets;
import io.nostale.wire.StreamStart;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes sure the replication slot exists before Debezium starts. A missing slot is created here, not by Debezium,
 * so that its start LSN is known: the relay then writes a stream-start record and waits for Kafka's acknowledgement,
 * which tells readers that history before that point was never captured. Only then does Debezium stream from it.
 *
 * <p>A missing slot means that any offsets Debezium stored for it belong to a slot that is gone (dropped, or a
 * database restored without it): they point into WAL the new slot does not have, and Debezium would refuse them
 * on every start. They are discarded <em>before</em> the new slot is created, so a crash at any point leaves either
 * no slot (the next start discards again, finding nothing) or the new slot without offsets.
 *
 * <p>An existing slot without any stored offset was never streamed from: the relay that created it stopped before
 * Debezium committed anything, perhaps before its stream-start record was acknowledged (or the slot was created by
 * hand). It is announced (again) from its confirmed position before Debezium starts, so a crash between creating a
 * slot and streaming from it never leaves readers unaware of the gap; a second stream-start costs open pages a
 * needless reload at worst.
 *
 * <p>An invalidated slot ({@code wal_status} {@code lost}) is dropped and then handled as a missing one
 * ({@link SlotRule}): its stored offsets are discarded, the new slot announced.
 */
@Component
public class StreamStarter {

    private static final Logger log = LoggerFactory.getLogger(StreamStarter.class);

    private final RelayDatabase database;
    private final StoredOffsets offsets;
    private final String slot;
    private final Counter recreatedLost;

    StreamStarter(RelayDatabase database, StoredOffsets offsets, RelayProperties properties, MeterRegistry registry) {
        this.database = database;
        this.offsets = offsets;
        this.slot = properties.slot();
        this.recreatedLost = Counter.builder("nostale.relay.slot.recreated")
                .description("Replication slots found invalidated (wal_status lost), dropped and created anew")
                .register(registry);
    }

    public SlotStart ensureSlot(ChangePublisher publisher)
            throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        try (Connection connection = database.connect()) {
            String systemId = systemId(connection);
            String engineName = SlotStart.engineName(systemId, slot);
            Optional<String> confirmedLsn = existingSlot(connection);
            if (confirmedLsn.isEmpty()) {
                int discarded = offsets.discard(engineName);
                StreamStart start = createSlot(connection, systemId);
                log.info("Created replication slot '{}' at {} (system {}, {} stored offset(s) of an earlier slot "
                        + "discarded); writing the stream-start record", slot, start.startLsn(), systemId, discarded);
                announce(publisher, start);
                return new SlotStart(systemId, slot, true);
            }
            if (!offsets.anyStored(engineName)) {
                log.warn("Replication slot '{}' exists but no offset was ever committed from it (its creator stopped "
                        + "before streaming, or it was created by hand); announcing it from {}", slot, confirmedLsn.get());
                announce(publisher, streamStart(connection, systemId, confirmedLsn.get()));
            }
            return new SlotStart(systemId, slot, false);
        }
    }

    private void announce(ChangePublisher publisher, StreamStart start) throws InterruptedException {
        // not acknowledged: the run fails, the slot stays, and the next run announces it (no offsets yet)
        publisher.publishStreamStart(start);
        log.info("Stream-start record of slot '{}' acknowledged; history begins at {}", slot, start.startLsn());
    }

    /**
     * The slot's {@code confirmed_flush_lsn}, if it exists and can be streamed from; refuses a slot the relay cannot
     * use, and drops one that was invalidated ({@link SlotRule}), so that it is created anew.
     */
    private Optional<String> existingSlot(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT slot_type, plugin, database, active, "
                + "confirmed_flush_lsn::text, wal_status FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, slot);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                if (!"logical".equals(row.getString(1)) || !"pgoutput".equals(row.getString(2))
                        || !connection.getCatalog().equals(row.getString(3))) {
                    throw new RelayMisconfiguredException("Replication slot '" + slot + "' exists but is a "
                            + row.getString(1) + " slot of plugin " + row.getString(2) + " on database "
                            + row.getString(3) + "; the relay needs a logical pgoutput slot on '"
                            + connection.getCatalog() + "'. Drop it or configure another slot (NOSTALE_RELAY_SLOT).");
                }
                switch (SlotRule.of(true, row.getString(6), row.getBoolean(4))) {
                    case RECREATE -> {
                        dropLost(connection);
                        return Optional.empty();
                    }
                    case WAIT_FOR_RELEASE -> throw new IllegalStateException("replication slot '" + slot
                            + "' was invalidated (wal_status lost) and is still held by a session; it is dropped and"
                            + " recreated once that session is gone");
                    default -> { }
                }
                String confirmedLsn = row.getString(5);
                if (confirmedLsn == null) {
                    // a creation still waiting for its consistent point, e.g. by a session whose client died
                    throw new IllegalStateException("replication slot '" + slot + "' is still being created (it "
                            + "waits for the transactions running at its creation to end)");
                }
                log.info("Replication slot '{}' exists{}; resuming from it", slot,
                        row.getBoolean(4) ? " (still marked active by a previous session)" : "");
                return Optional.of(confirmedLsn);
            }
        }
    }

    /** Drops the invalidated slot (counted and logged once, at WARN): the WAL it held for us is gone. */
    private void dropLost(Connection connection) throws SQLException {
        log.warn("Replication slot '{}' was invalidated (wal_status lost: the relay was away longer than"
                + " max_slot_wal_keep_size allows, and the changes committed meanwhile were never captured); dropping"
                + " it to create it anew, and open pages will resync (stream-reset)", slot);
        try (PreparedStatement drop = connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
            drop.setString(1, slot);
            drop.execute();
        }
        recreatedLost.increment();
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
        return streamStart(connection, systemId, startLsn);
    }

    /** The stream-start record of the slot, stamped with the database clock now. */
    private StreamStart streamStart(Connection connection, String systemId, String startLsn) throws SQLException {
        try (Statement clock = connection.createStatement();
             ResultSet row = clock.executeQuery("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")) {
            row.next();
            return new StreamStart(slot, systemId, startLsn, row.getLong(1));
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
