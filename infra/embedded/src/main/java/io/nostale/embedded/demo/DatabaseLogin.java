package io.nostale.embedded.demo;

import io.nostale.embedded.EmbeddedStack;

import java.util.Objects;

/** Where the visitors write: a JDBC URL and the role to log in as. */
public record DatabaseLogin(String jdbcUrl, String username, String password) {

    public DatabaseLogin {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** The stack's own database, as the services and psql see it. */
    public static DatabaseLogin of(EmbeddedStack stack) {
        return new DatabaseLogin(stack.jdbcUrl(), stack.username(), stack.password());
    }

    /** The same server and role, another database on it (tests keep their data apart this way). */
    public DatabaseLogin withDatabase(String database) {
        int slash = jdbcUrl.lastIndexOf('/');
        return new DatabaseLogin(jdbcUrl.substring(0, slash + 1) + database, username, password);
    }

    // keep the password out of logs and assertion messages
    @Override
    public String toString() {
        return "DatabaseLogin[" + jdbcUrl + " as " + username + "]";
    }
}
