package io.nostale.embedded;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the stack's cluster by a logical restore of it into a freshly initialized one, as an operator restoring a
 * backup onto a new server would: a new system identifier, WAL positions starting low again, no replication slots.
 * The restore runs on spare ports, so clients of the stack's port see it down until the restored database is
 * complete, never half of it.
 */
final class ClusterRestore {

    private static final Logger log = LoggerFactory.getLogger(ClusterRestore.class);

    private final Path stackDir;
    private final PostgresServer live;

    ClusterRestore(Path stackDir, PostgresServer live) {
        this.stackDir = stackDir;
        this.live = live;
    }

    /** Returns with {@code live} running again, on the restored cluster. */
    void run(SchemaRestore schema) {
        live.stop();
        // PostgresServer keeps its cluster in <dir>/postgres: the old one moves to <backup>/postgres
        Path backup = stackDir.resolve("postgres-before-restore-" + System.currentTimeMillis());
        try {
            Files.createDirectories(backup);
            Files.move(live.dataDir(), backup.resolve("postgres"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot move the cluster " + live.dataDir() + " aside", e);
        }
        List<Integer> ports = Ports.free(2);
        PostgresServer source = new PostgresServer(backup, ports.get(0));
        PostgresServer target = new PostgresServer(stackDir, ports.get(1)); // initdb: a new system identifier
        try {
            source.start();
            target.start();
            copy(ports.get(0), ports.get(1), schema);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("restoring " + backup + " into a new cluster failed: " + e.getMessage(), e);
        } finally {
            stopBoth(source, target);
        }
        live.start();
        log.info("PostgreSQL replaced by a restored cluster (the old one is kept in {})", backup);
    }

    private static void copy(int sourcePort, int targetPort, SchemaRestore schema) throws SQLException, IOException {
        try (Connection from = connect(sourcePort); Connection to = connect(targetPort)) {
            to.setAutoCommit(false);
            schema.create(to);
            List<String> tables = names(from, "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
            try (Statement s = to.createStatement()) {
                // rows as they are: no triggers (row versions), no foreign-key order to respect
                s.execute("SET LOCAL session_replication_role = replica");
                s.execute("TRUNCATE " + String.join(", ", tables));
            }
            CopyManager out = from.unwrap(PGConnection.class).getCopyAPI();
            CopyManager in = to.unwrap(PGConnection.class).getCopyAPI();
            for (String table : tables) {
                ByteArrayOutputStream rows = new ByteArrayOutputStream();
                out.copyOut("COPY " + table + " TO STDOUT", rows);
                in.copyIn("COPY " + table + " FROM STDIN", new ByteArrayInputStream(rows.toByteArray()));
            }
            copySequences(from, to);
            to.commit();
            log.info("restored tables {} into the new cluster", String.join(", ", tables));
        }
    }

    private static void copySequences(Connection from, Connection to) throws SQLException {
        try (Statement read = from.createStatement();
             ResultSet seq = read.executeQuery("SELECT format('%I.%I', schemaname, sequencename), last_value "
                     + "FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL");
             PreparedStatement set = to.prepareStatement("SELECT setval(?::regclass, ?, true)")) {
            while (seq.next()) {
                set.setString(1, seq.getString(1));
                set.setLong(2, seq.getLong(2));
                set.execute();
            }
        }
    }

    private static List<String> names(Connection c, String query) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + PostgresServer.DATABASE,
                PostgresServer.USER, PostgresServer.PASSWORD);
    }

    private static void stopBoth(PostgresServer source, PostgresServer target) {
        try {
            source.stop();
        } finally {
            target.stop();
        }
    }
}
