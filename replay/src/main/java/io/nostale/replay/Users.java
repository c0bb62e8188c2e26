package io.nostale.replay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Users named on the command line, by username or id, looked up in {@code app_user} (its id and username only: the
 * tool never reads password hashes). {@code app_user} is not captured, so the database is asked.
 */
final class Users {

    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,18}");

    @Option(names = "--database-url", paramLabel = "JDBC_URL",
            defaultValue = "${NOSTALE_REPLAY_DATABASE_URL:-jdbc:postgresql://localhost:54329/nostale}",
            description = "where app_user is, to name users (default: ${DEFAULT-VALUE}; add sslmode=verify-full etc. to the URL)")
    String url;

    @Option(names = "--database-user", defaultValue = "${NOSTALE_REPLAY_DATABASE_USER:-nostale}",
            description = "database user (default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--database-password", defaultValue = "${NOSTALE_REPLAY_DATABASE_PASSWORD:-nostale}",
            description = "database password (env NOSTALE_REPLAY_DATABASE_PASSWORD)", interactive = false)
    String password;

    /** The user's id; an unknown user, or a database that does not answer, is a {@link ReplayException}. */
    long idOf(String name) {
        String query = ID.matcher(name).matches() ? "SELECT id FROM app_user WHERE id = ?::bigint"
                : "SELECT id FROM app_user WHERE username = ?";
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new ReplayException("unknown user '" + name + "': no app_user has that username or id");
                }
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new ReplayException("cannot look up user '" + name + "' in " + url + ": " + e.getMessage());
        }
    }

    private Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(10);
        return DriverManager.getConnection(url, user, password);
    }
}
