package io.nostale.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL cluster (zonky binaries) whose data directory outlives the JVM: initdb runs only when the
 * directory is empty, and every start brings the server settings, pg_hba.conf and the {@code nostale}
 * role/database to the state the product needs. The postmaster does not outlive the JVM: a {@link PostmasterGuard}
 * stops it when the JVM dies without stopping it, and {@link OrphanPostmaster} stops one left by a run whose guard
 * died too.
 */
final class PostgresServer {

    static final String DATABASE = "nostale";
    static final String USER = "nostale";
    static final String PASSWORD = "nostale";

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

    /*
     * The bootstrap superuser "postgres" is what zonky itself connects as (without a password) to see that the
     * server is up; every other role, including nostale, has to present its password, as it would against a
     * real server. Replication connections (Debezium) are covered by the explicit "replication" lines.
     */
    private static final String PG_HBA = """
            # written by nostale's EmbeddedStack on every start; edits are overwritten
            # TYPE  DATABASE     USER      ADDRESS        METHOD
            host    all          postgres  127.0.0.1/32   trust
            host    all          postgres  ::1/128        trust
            host    all          all       127.0.0.1/32   scram-sha-256
            host    all          all       ::1/128        scram-sha-256
            host    replication  all       127.0.0.1/32   scram-sha-256
            host    replication  all       ::1/128        scram-sha-256
            """;

    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private EmbeddedPostgres postgres;
    private PostmasterGuard guard;

    /** WAL a replication slot may hold back before PostgreSQL invalidates it (docs/operations.md). */
    static final String SLOT_WAL_KEEP_SIZE = "4GB";

    PostgresServer(Path stackDir, int port) {
        this.dataDir = stackDir.resolve("postgres");
        this.logFile = stackDir.resolve("postgres.log");
        this.port = port;
    }

    synchronized void start() {
        if (postgres != null) {
            throw new IllegalStateException("PostgreSQL is already running on port " + port);
        }
        try {
            Files.createDirectories(dataDir);
            OrphanPostmaster.stopIfLeftBehind(dataDir);
            Ports.requireFree(port, "embedded PostgreSQL");
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // we stop PostgreSQL ourselves, after Kafka and the services: JVM hooks run in no order
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(Redirect.appendTo(logFile.toFile()))
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "10")
                    .setServerConfig("max_wal_senders", "10")
                    // zonky turns both off; with synchronous_commit off a commit waits for the WAL writer
                    // (~200 ms) before logical decoding sees it, which would dominate our latency. "local" flushes
                    // like "on" and, with no standby, means the same; it differs once a test names a standby that
                    // never answers: only a session that asks (SET synchronous_commit = on) waits for it, the
                    // relay's heartbeats and everything else do not (a command-line setting cannot be changed by a
                    // reload, so it must be right here)
                    .setServerConfig("synchronous_commit", "local")
                    .setServerConfig("fsync", "on")
                    // TCP only: a socket file under /tmp would clash between stacks and with other servers
                    .setServerConfig("unix_socket_directories", "''")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "200")
                    .start();
        } catch (IOException | RuntimeException e) {
            postgres = null;
            throw new IllegalStateException("PostgreSQL did not start on port " + port + " with data in " + dataDir
                    + "; its output is in " + logFile + ": " + e.getMessage(), e);
        }
        try {
            guard = PostmasterGuard.start(dataDir, logFile);
            configureAccess();
        } catch (SQLException | IOException | RuntimeException e) {
            stop();
            throw new IllegalStateException("PostgreSQL started but could not be set up for nostale: " + e.getMessage(), e);
        }
    }

    synchronized void stop() {
        if (postgres == null) {
            return;
        }
        if (guard != null) {
            guard.close();
            guard = null;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop PostgreSQL on port " + port, e);
        } finally {
            postgres = null;
        }
    }

    synchronized boolean isRunning() {
        return postgres != null;
    }

    Path dataDir() {
        return dataDir;
    }

    private void configureAccess() throws SQLException, IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        boolean hbaChanged = !Files.exists(hba) || !Files.readString(hba).equals(PG_HBA);
        if (hbaChanged) {
            Files.writeString(hba, PG_HBA);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            if (hbaChanged) {
                reload(s);
            }
            if (!exists(s, "SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'")) {
                s.execute("CREATE ROLE " + USER);
            }
            // re-asserted on every start so an edited role is repaired rather than breaking the services
            s.execute("ALTER ROLE " + USER + " LOGIN SUPERUSER REPLICATION PASSWORD '" + PASSWORD + "'");
            keepSlotWalBounded(s);
            if (!exists(s, "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
                log.info("created database {} owned by {}", DATABASE, USER);
            }
        }
    }

    /**
     * A relay away for long must not fill the disk with the WAL its slot holds: past {@link #SLOT_WAL_KEEP_SIZE} the
     * slot is invalidated, and the relay recreates it (pages resync). Set through {@code ALTER SYSTEM} only where
     * nothing is set yet, so that an operator's (or a test's) own value stays, and a reload can change it.
     */
    private static void keepSlotWalBounded(Statement s) throws SQLException {
        if (!exists(s, "SELECT 1 FROM pg_file_settings WHERE name = 'max_slot_wal_keep_size'")) {
            s.execute("ALTER SYSTEM SET max_slot_wal_keep_size = '" + SLOT_WAL_KEEP_SIZE + "'");
            reload(s);
        }
    }

    private static void reload(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT pg_reload_conf()")) {
            rs.next();
        }
        // the reload is asynchronous; a connection racing it still meets the initdb rules (trust), never a refusal
    }

    private static boolean exists(Statement s, String query) throws SQLException {
        try (ResultSet rs = s.executeQuery(query)) {
            return rs.next();
        }
    }
}
