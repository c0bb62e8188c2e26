package io.nostale.renderer;

import io.nostale.embedded.EmbeddedStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * Databases on the JVM's embedded PostgreSQL, one per Spring context that needs its own data (the demo
 * profile seeds users the other tests must not see). Created empty once per test JVM.
 */
public final class TestDatabases {

    private static final Set<String> CREATED = new HashSet<>();

    private TestDatabases() {
    }

    public static EmbeddedStack stack() {
        return EmbeddedStack.shared();
    }

    /** JDBC URL of database {@code name}, created (empty) on first use in this JVM. */
    public static synchronized String url(String name) {
        EmbeddedStack stack = stack();
        if (CREATED.add(name)) {
            try (Connection admin = DriverManager.getConnection(stack.jdbcUrl(), stack.username(), stack.password());
                 Statement sql = admin.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                sql.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create test database " + name, e);
            }
        }
        return "jdbc:postgresql://" + stack.postgresHost() + ":" + stack.postgresPort() + "/" + name;
    }
}
