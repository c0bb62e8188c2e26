package io.nostale.gateway;

import io.nostale.wire.lifetime.ServiceLifetime;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The WebSocket gateway: catches pages up from their timepoint, then streams live changes. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        // first: a shutdown during start-up is bounded too, and the launcher's death stops it (docs/operations.md)
        ServiceLifetime.install("gateway");
        SpringApplication.run(GatewayApplication.class, args);
    }
}
