package io.nostale.embedded.launch;

import io.nostale.embedded.EmbeddedStack;
import io.nostale.embedded.Ports;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The three services of nostale, each in its own JVM, on an embedded stack: renderer first (its Flyway migrations
 * create the schema and the publication the relay needs), then cdc-relay and gateway together.
 */
public final class Product implements AutoCloseable {

    /** Heap cap only; no JIT or GC shortcuts, since latency is measured against these processes. */
    static final List<String> JVM_ARGS = List.of("-Xmx512m", "-XX:+UseG1GC");
    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final ProductSettings settings;
    private final StackEndpoints endpoints;
    private final ServiceProcess renderer;
    private final ServiceProcess relay;
    private final ServiceProcess gateway;

    private Product(ProductSettings settings, StackEndpoints endpoints, ServiceProcess renderer, ServiceProcess relay,
                    ServiceProcess gateway) {
        this.settings = settings;
        this.endpoints = endpoints;
        this.renderer = renderer;
        this.relay = relay;
        this.gateway = gateway;
    }

    /** Starts all three and returns when each answers its readiness probe; stops what it started if one fails. */
    public static Product start(EmbeddedStack stack, ProductSettings s) {
        Ports.requireFree(s.rendererPort(), "renderer");
        Ports.requireFree(s.gatewayPort(), "gateway");
        Ports.requireFree(s.relayPort(), "cdc-relay");
        Ports.requireFree(s.rendererManagementPort(), "renderer management");
        Ports.requireFree(s.gatewayManagementPort(), "gateway management");
        StackEndpoints endpoints = StackEndpoints.of(stack);
        // each service's readiness is polled on its management port, where its health lives
        Product product = new Product(s, endpoints,
                service(s, "renderer", "nostale-renderer", s.rendererManagementPort(),
                        ServiceEnvironment.renderer(endpoints, s)),
                service(s, "cdc-relay", "nostale-cdc-relay", s.relayPort(), ServiceEnvironment.relay(endpoints, s)),
                service(s, "gateway", "nostale-gateway", s.gatewayManagementPort(),
                        ServiceEnvironment.gateway(endpoints, s)));
        try {
            product.renderer.start();
            product.renderer.awaitReady(READY_TIMEOUT);
            product.relay.start();
            product.gateway.start();
            awaitAll(product.relay, product.gateway);
            return product;
        } catch (RuntimeException e) {
            // interrupted (the launcher is stopping): the services still get their graceful stop, not a kill
            boolean interrupted = Thread.interrupted();
            try {
                product.close();
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            throw e;
        }
    }

    /** {@code k1:<base64 of 32 random bytes>}, the format of {@code NOSTALE_*_TOKEN_KEYS}. */
    public static String generateTokenKeys() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return "k1:" + Base64.getEncoder().encodeToString(secret);
    }

    public String rendererUrl() {
        return ServiceEnvironment.rendererUrl(settings);
    }

    /** The WebSocket endpoint pages subscribe to, {@code ws://localhost:<port>/live}. */
    public String gatewayUrl() {
        return ServiceEnvironment.gatewayUrl(settings);
    }

    public ServiceProcess renderer() {
        return renderer;
    }

    public ServiceProcess relay() {
        return relay;
    }

    public ServiceProcess gateway() {
        return gateway;
    }

    public ProductSettings settings() {
        return settings;
    }

    /**
     * Another cdc-relay on the same stack, from this build, not started: the product relay's environment with
     * {@code own} on top, which gives it a slot, change topic and offsets topic of its own (see
     * {@link ServiceEnvironment#relayAlongside}). For comparing relay settings, or with
     * {@link ServiceProcess#withExecJar} another build, on the same commits as the product's relay (LatencyBenchmark).
     * Its slot outlives it: dropping the slot is the caller's part.
     */
    public ServiceProcess relayAlongside(String name, int port, Map<String, String> own) {
        return new ServiceProcess(name, ExecJars.find(settings.projectDir(), "cdc-relay", "nostale-cdc-relay"), JVM_ARGS,
                ServiceEnvironment.relayAlongside(endpoints, settings, port, own), port,
                settings.logDir().resolve(name + ".log"));
    }

    /** Stops the service gracefully (if still running), starts it again and waits until it is ready. */
    public void restart(ServiceProcess service) {
        if (service != renderer && service != relay && service != gateway) {
            throw new IllegalArgumentException(service + " is not a service of this product");
        }
        service.stop();
        service.start();
        service.awaitReady(READY_TIMEOUT);
    }

    /** Gateway, relay, renderer: the reverse of the start order. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (ServiceProcess service : List.of(gateway, relay, renderer)) {
            try {
                service.stop();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static ServiceProcess service(ProductSettings s, String name, String artifact, int port,
                                          Map<String, String> env) {
        Map<String, String> withExtras = new java.util.LinkedHashMap<>(env);
        withExtras.putAll(s.extraEnv());
        return new ServiceProcess(name, ExecJars.find(s.projectDir(), name, artifact), JVM_ARGS, withExtras, port,
                s.logDir().resolve(name + ".log"));
    }

    /**
     * Waits for all in parallel; the first failure is thrown at once, not after the others' timeouts, and so is an
     * interrupt of the waiting thread.
     */
    private static void awaitAll(ServiceProcess... services) {
        // own threads: on a 2-core machine the common pool would run these waits one after the other
        ExecutorService pool = Executors.newFixedThreadPool(services.length);
        try {
            CompletableFuture<Void> firstFailure = new CompletableFuture<>();
            List<CompletableFuture<Void>> ready = new ArrayList<>();
            for (ServiceProcess service : services) {
                CompletableFuture<Void> f = CompletableFuture.runAsync(() -> service.awaitReady(READY_TIMEOUT), pool);
                f.exceptionally(t -> {
                    firstFailure.completeExceptionally(t);
                    return null;
                });
                ready.add(f);
            }
            CompletableFuture.anyOf(CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)), firstFailure).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the services to be ready", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
