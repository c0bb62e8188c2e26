package io.nostale.load.product;

import io.nostale.embedded.EmbeddedStack;
import io.nostale.embedded.launch.Product;
import io.nostale.embedded.launch.ProductSettings;
import io.nostale.embedded.launch.ServiceProcess;
import io.nostale.load.workload.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The whole product as SystemUnderTest starts it: the embedded stack in this JVM (data in
 * {@code target/embedded-stack}, wiped first), renderer, cdc-relay and gateway as processes on free ports. The
 * gateway it starts is stopped again at once: each {@link GatewayBuild} is then run in its place, same environment.
 */
public final class ProductUnderLoad implements AutoCloseable {

    private final EmbeddedStack stack;
    private final Product product;
    private final Path logDir;
    private final List<GatewayProcess> gateways = new java.util.ArrayList<>();

    private ProductUnderLoad(EmbeddedStack stack, Product product, Path logDir) {
        this.stack = stack;
        this.product = product;
        this.logDir = logDir;
    }

    public static ProductUnderLoad start(Path projectDir, Path logDir) {
        EmbeddedStack stack = EmbeddedStack.shared();
        ProductSettings settings = ProductSettings.withFreePorts(projectDir, false, logDir);
        Product product = Product.start(stack, settings);
        product.gateway().stop();
        ProductUnderLoad running = new ProductUnderLoad(stack, product, logDir);
        // Killed, not stopped, when the JVM ends (Ctrl-C included): the stack's own hook stops Kafka and PostgreSQL at
        // the same time, and a graceful relay would wait for them. Nothing of the services' state matters then.
        Runtime.getRuntime().addShutdownHook(new Thread(running::killAll, "load-product-kill"));
        return running;
    }

    private void killAll() {
        synchronized (gateways) {
            gateways.forEach(GatewayProcess::kill);
        }
        product.relay().kill();
        product.renderer().kill();
    }

    public String kafkaBootstrapServers() {
        return stack.kafkaBootstrapServers();
    }

    public Database database() {
        return new Database(stack.jdbcUrl(), stack.username(), stack.password());
    }

    /** The signing keys renderer and gateway were given: the driver signs its pages' tokens with them. */
    public String tokenKeys() {
        return product.settings().tokenKeys();
    }

    /** The gateway's allowed origin. */
    public String rendererUrl() {
        return product.rendererUrl();
    }

    public int gatewayPort() {
        return product.settings().gatewayPort();
    }

    /** A gateway process for {@code build}: the product's gateway service with that jar, not started. */
    public GatewayProcess gateway(GatewayBuild build, int run) {
        Path log = logDir.resolve("gateway-" + run + "-" + build.label().replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // appended to, then
        }
        GatewayProcess gateway = new GatewayProcess(build, product.gateway().withExecJar(build.jar(), log));
        synchronized (gateways) {
            gateways.add(gateway);
        }
        return gateway;
    }

    public ServiceProcess relay() {
        return product.relay();
    }

    public ServiceProcess renderer() {
        return product.renderer();
    }

    /** The postmaster's pid, from its pid file (pg_ctl daemonizes it, so it is no child of ours). */
    public OptionalLong postgresPid() {
        Path pidFile = stack.settings().dataDir().resolve("postgres").resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public Map<String, String> describe() {
        return Map.of("postgres", stack.jdbcUrl(), "kafka", stack.kafkaBootstrapServers(), "renderer", rendererUrl(),
                "gateway port", Integer.toString(gatewayPort()), "service logs", logDir.toString());
    }

    /** Stops the services; the stack's own shutdown hook stops Kafka and PostgreSQL when the JVM exits. */
    @Override
    public void close() {
        product.close();
    }
}
