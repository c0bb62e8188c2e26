package io.nostale.relay.slot;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nostale.relay.RelayProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * WAL gauges of the replication slot, refreshed by one small query every few seconds (never on the change path):
 * WAL retained by the slot ({@code restart_lsn}) and WAL not yet confirmed by the relay
 * ({@code confirmed_flush_lsn}), both in bytes behind {@code pg_current_wal_lsn()}. NaN while unknown.
 */
@Component
class SlotMetrics implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SlotMetrics.class);

    private final RelayDatabase database;
    private final RelayProperties properties;
    private volatile double retainedBytes = Double.NaN;
    private volatile double behindBytes = Double.NaN;
    private volatile double active = Double.NaN;
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
        Gauge.builder("nostale.relay.slot.active", this, metrics -> metrics.active)
                .description("1 while a session streams from the replication slot").register(registry);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::refresh, properties.slotMetricsInterval());
    }

    void refresh() {
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn),
                            pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn),
                            active
                       FROM pg_replication_slots WHERE slot_name = ?""")) {
            query.setString(1, properties.slot());
            try (ResultSet row = query.executeQuery()) {
                boolean found = row.next();
                retainedBytes = found ? row.getDouble(1) : Double.NaN;
                behindBytes = found ? row.getDouble(2) : Double.NaN;
                active = found ? (row.getBoolean(3) ? 1 : 0) : Double.NaN;
            }
            lastRefreshFailed = false;
        }
        catch (SQLException e) {
            retainedBytes = Double.NaN;
            behindBytes = Double.NaN;
            active = Double.NaN;
            if (!lastRefreshFailed) {
                log.warn("Cannot read replication slot gauges: {}", e.getMessage());
            }
            lastRefreshFailed = true;
        }
    }
}
