package io.nostale.renderer.snapshot;

import io.nostale.wire.Timepoint;
import io.nostale.wire.TimepointCapture;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a page's queries at one exact {@link Timepoint}: the only way live pages read data.
 *
 * <p>Everything happens in one {@code REPEATABLE READ READ ONLY} transaction. Its first statement
 * ({@link TimepointCapture#QUERY}) reads {@code pg_current_snapshot()}, {@code pg_current_wal_lsn()} and
 * {@code clock_timestamp()}; under REPEATABLE READ PostgreSQL takes the transaction's snapshot at that first statement, so every query the
 * callback runs afterwards (through the same {@link JdbcTemplate}/DataSource, bound to this transaction)
 * sees exactly the snapshot the timepoint names. The LSN is read after the snapshot was taken, which is
 * the order the gateway's delivery rule relies on.
 *
 * <p>The same statement looks for commits held invisible by a synchronous standby (see {@link TimepointCapture}); the
 * gateway replays from the oldest one's start however long the standby kept it waiting. Seeing other sessions' wait
 * events takes {@code pg_read_all_stats}, checked at start ({@link HeldCommitVisibility}).
 */
@Component
public final class SnapshotReader {

    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;

    SnapshotReader(PlatformTransactionManager transactionManager, JdbcTemplate jdbc) {
        TransactionTemplate template = new TransactionTemplate(transactionManager);
        template.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        template.setReadOnly(true);
        template.setName("nostale-snapshot-read");
        this.transactions = template;
        this.jdbc = jdbc;
    }

    /**
     * Captures the timepoint, then runs {@code pageQueries} in the same transaction and returns its result.
     * The callback must do its reading synchronously, on this thread, through the application's DataSource.
     */
    public <T> T read(Function<Timepoint, T> pageQueries) {
        return Objects.requireNonNull(transactions.execute(status -> pageQueries.apply(capture())),
                "page queries returned null");
    }

    private Timepoint capture() {
        return Objects.requireNonNull(jdbc.queryForObject(TimepointCapture.QUERY, (rs, row) -> TimepointCapture.of(
                rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                rs.getObject(4, OffsetDateTime.class))));
    }
}
