package io.nostale.relay;

import io.nostale.wire.lifetime.ServiceLifetime;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The cdc-relay: a Debezium embedded engine reading PostgreSQL's logical replication stream (pgoutput) and
 * relaying every committed row change of the chat tables to one Kafka partition, in commit order.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class RelayApplication {

    public static void main(String[] args) {
        // first: a shutdown during start-up is bounded too, and the launcher's death stops it (docs/operations.md)
        ServiceLifetime.install("relay");
        SpringApplication.run(RelayApplication.class, args);
    }
}
