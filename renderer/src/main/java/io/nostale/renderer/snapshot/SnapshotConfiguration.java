package io.nostale.renderer.snapshot;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;

@Configuration(proxyBeanMethods = false)
class SnapshotConfiguration {

    /**
     * Replaces Boot's transaction manager only to enforce read-only: a read-only transaction then starts
     * with {@code SET TRANSACTION READ ONLY}, so the database itself refuses writes during a page read
     * instead of trusting a driver hint.
     */
    @Bean
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        JdbcTransactionManager manager = new JdbcTransactionManager(dataSource);
        manager.setEnforceReadOnly(true);
        return manager;
    }
}
