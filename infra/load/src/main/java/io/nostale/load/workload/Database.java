package io.nostale.load.workload;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Where the driver's JDBC connections go: the product's PostgreSQL, as the outside tools it stands for reach it. */
public record Database(String jdbcUrl, String user, String password) {

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    @Override
    public String toString() {
        return "Database[" + jdbcUrl + " as " + user + "]";
    }
}
