package io.nostale.systemtest;

import io.nostale.embedded.EmbeddedStack;
import io.nostale.embedded.launch.Product;
import io.nostale.embedded.launch.ProductSettings;
import java.nio.file.Path;
import java.util.Map;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The whole product, once per test JVM: the embedded PostgreSQL and Kafka in this JVM, and renderer, cdc-relay
 * and gateway as real processes started from their exec jars, on free ports.
 */
final class SystemUnderTest {

    private static SystemUnderTest instance;

    final EmbeddedStack stack;
    final Product product;

    private SystemUnderTest(EmbeddedStack stack, Product product) {
        this.stack = stack;
        this.product = product;
    }

    static synchronized SystemUnderTest get() {
        if (instance == null) {
            EmbeddedStack stack = EmbeddedStack.shared();
            Path projectDir = Path.of(System.getProperty("nostale.project.dir", "../..")).toAbsolutePath().normalize();
            ProductSettings settings = ProductSettings.withFreePorts(projectDir, false, Path.of("target", "service-logs"))
                    // The relay flushes its offsets only when a run starts and when it stops gracefully, so a
                    // crash always re-sends what it relayed since: duplicates are certain, not a matter of timing.
                    .withExtraEnv(Map.of("NOSTALE_RELAY_OFFSETS_FLUSH_INTERVAL", "1h"));
            Product product = Product.start(stack, settings);
            instance = new SystemUnderTest(stack, product);
            // Killed, not stopped: the stack's own hook stops Kafka and PostgreSQL concurrently, and a graceful
            // relay would wait for them. Nothing of the services' state matters once the test JVM ends.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                product.gateway().kill();
                product.relay().kill();
                product.renderer().kill();
            }, "product-kill"));
        }
        return instance;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.username(), stack.password());
    }

    String rendererUrl() {
        return product.rendererUrl();
    }
}
