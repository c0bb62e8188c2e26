package io.nostale.renderer;

import io.nostale.wire.lifetime.ServiceLifetime;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Server-rendered chat pages, each read at one exact timepoint and made live by the gateway. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RendererApplication {

    public static void main(String[] args) {
        // first: a shutdown during start-up is bounded too, and the launcher's death stops it (docs/operations.md)
        ServiceLifetime.install("renderer");
        SpringApplication.run(RendererApplication.class, args);
    }
}
