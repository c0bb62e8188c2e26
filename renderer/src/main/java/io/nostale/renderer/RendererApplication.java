package io.nostale.renderer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Server-rendered chat pages, each read at one exact timepoint and made live by the gateway. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RendererApplication {

    public static void main(String[] args) {
        SpringApplication.run(RendererApplication.class, args);
    }
}
