package io.nostale.relay.slot;

import io.nostale.relay.RelayProperties;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.stereotype.Component;

/**
 * Plain JDBC connections for the relay's few control queries (slot checks, gauges). Not pooled: they are rare and
 * must not hold a session open against a database that may restart.
 */
@Component
class RelayDatabase {

    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    RelayDatabase(RelayProperties properties) {
        RelayProperties.Database database = properties.database();
        dataSource.setServerNames(new String[] {database.host()});
        dataSource.setPortNumbers(new int[] {database.port()});
        dataSource.setDatabaseName(database.name());
        dataSource.setUser(database.user());
        dataSource.setPassword(database.password());
        dataSource.setApplicationName("nostale-relay");
        dataSource.setConnectTimeout(10);
        dataSource.setSocketTimeout(60);
    }

    Connection connect() throws SQLException {
        return dataSource.getConnection();
    }
}
