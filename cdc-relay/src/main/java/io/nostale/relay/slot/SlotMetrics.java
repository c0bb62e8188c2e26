package io.nostale.relay.slot;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nostale.relay.RelayProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * WAL gauges of the replication slot, refreshed by one small query every few seconds (never on the change path):
 * WAL retained by the slot ({@code restart_lsn}) and WAL not yet confirmed by the relay
 * ({@code confirmed_flush_lsn}), both in bytes behind {@code pg_current_wal_lsn()}; whether a session streams from
 * it; and its {@code wal_status} as one gauge per status, 1 for the slot's current one ({@code reserved} is healthy;
 * {@code extended} and {@code unreserved} mean the retained WAL is past {@code max_wal_size}, and {@code unreserved}
 * that it is about to be removed; {@code lost}: the slot can no longer be streamed from); and {@code safe_wal_size},
 * the WAL that can still be written before the slot is in danger of being invalidated by
 * {@code max_slot_wal_keep_size} (NaN when no keep size is set: then the slot is never invalidated, and the database's
 * disk is what runs out). NaN while unknown.
 */
@Component
class SlotMetrics implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SlotMetrics.class);
    /** The values of {@code pg_replication_slots.wal_status} (PostgreSQL 13 and later). */
    static final List<String> WAL_STATUSES = List.of("reserved", "extended", "unreserved", "lost");

    private final RelayDatabase database;
    private final RelayProperties properties;
    private volatile double retainedBytes = Double.NaN;
    private volatile double behindBytes = Double.NaN;
    private volatile double active = Double.NaN;
    private volatile double safeWalBytes = Double.NaN;
    private volatile @Nullable String walStatus;
    private volatile boolean walStatusKnown;
    private volatile boolean lastRefreshFailed;

    SlotMetrics(RelayDatabase database, RelayProperties properties, MeterRegistry registry) {
        this.database = database;
        this.properties = properties;
        Gauge.builder("nostale.relay.slot.retained.bytes", this, metrics -> metrics.retainedBytes)
                .description("WAL the replication slot keeps on the database (current WAL LSN - restart_lsn)")
                .baseUnit("bytes").register(registry);
        Gauge.builder("nostale.relay.slot.behind.bytes", this, metrics -> metrics.behindBytes)
                .description("WAL written but not yet confirmed by the relay (current WAL LSN - confirmed_flush_lsn)")
                .baseUnit("bytes").register(registry);
        Gauge.builder("nostale.relay.slot.safe.wal.bytes", this, metrics -> metrics.safeWalBytes)
                .description("WAL that can be written before the slot may be invalidated (safe_wal_size; NaN without"
                        + " max_slot_wal_keep_size)").baseUnit("bytes").register(registry);
        Gauge.builder("nostale.relay.slot.active", this, metrics -> metrics.active)
                .description("1 while a session streams from the replication slot").register(registry);
        for (String status : WAL_STATUSES) {
            Gauge.builder("nostale.relay.slot.wal.status", this, metrics -> metrics.walStatus(status))
                    .description("1 for the replication slot's wal_status (pg_replication_slots), 0 for the others")
                    .tag("status", status).register(registry);
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::refresh, properties.slotMetricsInterval());
    }

    private double walStatus(String status) {
        if (!walStatusKnown) {
            return Double.NaN;
        }
        return status.equals(walStatus) ? 1 : 0;
    }

    void refresh() {
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn),
                            pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn),
                            active, wal_status, safe_wal_size
                       FROM pg_replication_slots WHERE slot_name = ?""")) {
            query.setString(1, properties.slot());
            try (ResultSet row = query.executeQuery()) {
                boolean found = row.next();
                retainedBytes = found ? row.getDouble(1) : Double.NaN;
                behindBytes = found ? row.getDouble(2) : Double.NaN;
                active = found ? (row.getBoolean(3) ? 1 : 0) : Double.NaN;
                walStatus = found ? row.getString(4) : null;
                walStatusKnown = found;
                long safe = found ? row.getLong(5) : 0;
                safeWalBytes = found && !row.wasNull() ? safe : Double.NaN;
            }
            lastRefreshFailed = false;
        }
        catch (SQLException e) {
            retainedBytes = Double.NaN;
            behindBytes = Double.NaN;
            active = Double.NaN;
            safeWalBytes = Double.NaN;
            walStatusKnown = false;
            if (!lastRefreshFailed) {
                log.warn("Cannot read replication slot gauges: {}", e.getMessage());
            }
            lastRefreshFailed = true;
        }
    }
}
