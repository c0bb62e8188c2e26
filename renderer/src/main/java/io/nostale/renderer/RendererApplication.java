package io.nostale.renderer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class RendererApplication {

    public static void main(String[] args) {
        SpringApplication.run(RendererApplication.class, args);
    }
}
