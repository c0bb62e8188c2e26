package io.nostale.gateway;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Health and metrics on a port of their own, never on the public one (docs/operations.md, D21):
 * {@code management.server.port} ({@code MANAGEMENT_SERVER_PORT}) defaults to {@code server.port} + 1000, and a
 * random port when the server's is random ({@code 0}, tests). One equal to the public port is refused at start.
 */
public final class ManagementPort implements EnvironmentPostProcessor {

    static final String PROPERTY = "management.server.port";
    static final int OFFSET = 1000;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        int server = environment.getProperty("server.port", Integer.class, 8080);
        Integer configured = environment.getProperty(PROPERTY, Integer.class);
        int management = configured != null ? configured : derived(server);
        if (management == server && server != 0 || management < 0) {
            throw new IllegalStateException(PROPERTY + " (MANAGEMENT_SERVER_PORT) is " + management + ": health and"
                    + " metrics need a port of their own, other than server.port (SERVER_PORT, " + server + ")");
        }
        if (configured == null) {
            environment.getPropertySources().addLast(new MapPropertySource("nostaleManagementPort",
                    Map.of(PROPERTY, management)));
        }
    }

    /** The server's port + 1000; random when the server's port is. */
    static int derived(int server) {
        if (server == 0) {
            return 0;
        }
        int port = server + OFFSET;
        if (server < 0 || port > 65_535) {
            throw new IllegalStateException("server.port (SERVER_PORT) is " + server + ", so the default "
                    + PROPERTY + " (server.port + " + OFFSET + ") does not exist; set MANAGEMENT_SERVER_PORT");
        }
        return port;
    }
}
