package io.nostale.embedded.demo;

import io.nostale.embedded.EmbeddedStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fresh databases on the shared embedded PostgreSQL holding what the launcher's database holds after the renderer
 * started: the renderer's own Flyway migrations and demo data, read from its sources and applied in version
 * order, so these tests follow the schema as it evolves.
 */
final class DemoDatabases {

    private static final Path DB = Path.of("../../renderer/src/main/resources/db");
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    private DemoDatabases() {
    }

    static DatabaseLogin fresh(EmbeddedStack stack, String name) {
        DatabaseLogin server = DatabaseLogin.of(stack);
        try (Connection c = connect(server); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        DatabaseLogin login = server.withDatabase(name);
        try (Connection c = connect(login); Statement s = c.createStatement()) {
            for (Path script : scripts()) {
                s.execute(Files.readString(script));
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot apply the renderer's migrations and demo data from "
                    + DB.toAbsolutePath(), e);
        }
        return login;
    }

    static Connection connect(DatabaseLogin login) throws SQLException {
        return DriverManager.getConnection(login.jdbcUrl(), login.username(), login.password());
    }

    private static List<Path> scripts() throws IOException {
        List<Path> migrations = versioned(DB.resolve("migration"));
        if (migrations.isEmpty()) {
            throw new IllegalStateException("no migrations in " + DB.resolve("migration").toAbsolutePath());
        }
        return Stream.concat(migrations.stream(), versioned(DB.resolve("demo")).stream()).toList();
    }

    private static List<Path> versioned(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> VERSIONED.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(DemoDatabases::version))
                    .toList();
        }
    }

    private static long version(Path file) {
        Matcher m = VERSIONED.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(file.toString());
        }
        return Long.parseLong(m.group(1));
    }
}
