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
public final class SystemUnderTest {

    private static SystemUnderTest instance;

    public final EmbeddedStack stack;
    public final Product product;

    private SystemUnderTest(EmbeddedStack stack, Product product) {
        this.stack = stack;
        this.product = product;
    }

    /** A product on a stack of its own, for a test that must not touch this JVM's shared one; closed by that test. */
    public static SystemUnderTest of(EmbeddedStack stack, Product product) {
        return new SystemUnderTest(stack, product);
    }

    public static synchronized SystemUnderTest get() {
        // The relay flushes its offsets only when a run starts and when it stops gracefully, so a crash always
        // re-sends what it relayed since: duplicates are certain, not a matter of timing.
        return start(Map.of("NOSTALE_RELAY_OFFSETS_FLUSH_INTERVAL", "1h"));
    }

    /**
     * The product as deployed, for the latency benchmark: every service on its own defaults (the relay commits its
     * offsets at its configured interval, on the hot path as in production).
     */
    public static synchronized SystemUnderTest forBenchmark() {
        return start(Map.of());
    }

    private static SystemUnderTest start(Map<String, String> extraEnv) {
        if (instance == null) {
            EmbeddedStack stack = EmbeddedStack.shared();
            Path projectDir = projectDir();
            ProductSettings settings = ProductSettings.withFreePorts(projectDir, false, Path.of("target", "service-logs"))
                    .withExtraEnv(extraEnv);
            Product product = Product.start(stack, settings);
            instance = new SystemUnderTest(stack, product);
            // Killed, not stopped: the stack's own hook stops Kafka and PostgreSQL concurrently, and a graceful
            // relay would wait for them. Nothing of the services' state matters once the test JVM ends.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                product.gateway().kill();
                product.relay().kill();
                product.renderer().kill();
            }, "product-kill"));
        } else if (!instance.product.settings().extraEnv().equals(extraEnv)) {
            throw new IllegalStateException("the product of this JVM already runs with "
                    + instance.product.settings().extraEnv().keySet() + ", not " + extraEnv.keySet());
        }
        return instance;
    }

    /** The checkout: the nearest directory at or above the working directory that holds the cdc-relay module. */
    public static Path projectDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !java.nio.file.Files.isDirectory(dir.resolve("cdc-relay"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the nostale checkout (no cdc-relay/ above " + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.username(), stack.password());
    }

    public String rendererUrl() {
        return product.rendererUrl();
    }
}
