package io.nostale.embedded.launch;

import io.nostale.embedded.EmbeddedStack;
import io.nostale.embedded.Ports;
import io.nostale.embedded.demo.DatabaseLogin;
import io.nostale.embedded.demo.DemoVisitors;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one command that runs all of nostale on this machine: the embedded stack on its ports (data in
 * {@code --dir}), then renderer (with demo data), cdc-relay and gateway from the built exec jars. Ctrl-C stops the
 * services, then Kafka, then PostgreSQL; the next run finds the same data. With {@code --demo-visitors}, other
 * demo users keep changing rooms, requests and messages once everything is up (see {@link DemoVisitors}).
 *
 * <p>A launcher that dies without its shutdown hook (SIGKILL, a crash) leaves nothing running: Kafka lived in its
 * JVM, each service stops when its standard input pipe from here ends, and a guard stops the postmaster (or, if the
 * guard died too, the next start does). See docs/operations.md.
 */
public final class StackLauncher {

    private final LauncherArgs args;
    private EmbeddedStack stack;
    private Product product;
    private Optional<DemoVisitors> visitors = Optional.empty();
    // volatile, not guarded by the lock: the hook must be able to announce the stop while a start step holds it
    private volatile boolean stopping;
    // the thread waiting for the services to be ready, so a stop need not wait for them
    private volatile Thread startingServices;

    private StackLauncher(LauncherArgs args) {
        this.args = args;
    }

    public static void main(String[] argv) {
        LauncherArgs args;
        try {
            args = LauncherArgs.parse(argv, Path.of("").toAbsolutePath(), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (args.help()) {
            System.out.println(LauncherArgs.USAGE);
            return;
        }
        StackLauncher launcher = new StackLauncher(args);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::shutdown, "nostale-shutdown"));
        try {
            launcher.launch();
        } catch (RuntimeException e) {
            if (launcher.isStopping()) {
                return; // Ctrl-C during start: the services died of it too; the hook cleans up
            }
            System.err.println();
            System.err.println("nostale could not start: " + e.getMessage());
            // exit runs the hook, which stops whatever did start
            System.exit(1);
            return;
        }
        launcher.watchServices();
    }

    private void launch() {
        // check what needs no stack first, so a missing build or a busy port fails in a second, not after startup
        Path project = args.project();
        ExecJars.find(project, "renderer", "nostale-renderer");
        ExecJars.find(project, "cdc-relay", "nostale-cdc-relay");
        ExecJars.find(project, "gateway", "nostale-gateway");
        LaunchPorts ports = args.ports();
        Ports.requireFree(ports.renderer(), "renderer");
        Ports.requireFree(ports.rendererManagement(), "renderer management");
        Ports.requireFree(ports.gateway(), "gateway");
        Ports.requireFree(ports.gatewayManagement(), "gateway management");
        Ports.requireFree(ports.relay(), "cdc-relay");
        String tokenKeys = TokenKeyFile.readOrCreate(args.dir().resolve("token-keys"));
        System.out.println("Starting PostgreSQL and Kafka (data in " + args.dir() + ") ...");
        synchronized (this) {
            if (stopping) {
                return;
            }
            stack = EmbeddedStack.start(ports.stackSettings(args.dir()));
        }
        System.out.println("Starting renderer, then cdc-relay and gateway ...");
        ProductSettings settings = new ProductSettings(project, ports.renderer(), ports.gateway(), ports.relay(),
                tokenKeys, true, args.dir().resolve("logs"));
        synchronized (this) {
            if (stopping) {
                return;
            }
            startingServices = Thread.currentThread();
            try {
                product = Product.start(stack, settings);
            } finally {
                startingServices = null;
            }
        }
        System.out.println(Banner.text(stack, product, args.dir(), visitorsLine()));
        synchronized (this) {
            if (stopping || !args.demoVisitors()) {
                return;
            }
            // after the banner: the renderer has migrated the schema and seeded the demo data they build on
            visitors = Optional.of(DemoVisitors.start(DatabaseLogin.of(stack), args.demoVisitorsPace()));
        }
    }

    private String visitorsLine() {
        return args.demoVisitors()
                ? "on: bob, carol, dave, erin and frank make a change every " + args.demoVisitorsPace()
                        + " (never as " + DemoVisitors.PERSON + ")"
                : "off (--demo-visitors or NOSTALE_DEMO_VISITORS=true turns them on)";
    }

    /** Says so once when a service dies by itself, instead of leaving a silently broken product running. */
    private void watchServices() {
        Set<String> reported = new HashSet<>();
        while (!isStopping()) {
            for (ServiceProcess service : services()) {
                if (!service.isAlive() && reported.add(service.name()) && !isStopping()) {
                    System.out.println("[launcher] " + service.name() + " has stopped; its log is " + service.logFile()
                            + ". Press Ctrl-C and start again.");
                }
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized List<ServiceProcess> services() {
        return product == null ? List.of() : List.of(product.renderer(), product.relay(), product.gateway());
    }

    private boolean isStopping() {
        return stopping;
    }

    /** Other visitors first (they write to PostgreSQL), then the services, then Kafka, then PostgreSQL. */
    private void shutdown() {
        stopping = true;
        // A service start in progress is cut short (Product stops what it started); a stack start is waited for,
        // so that its servers are stopped by us, not left to their guards.
        Thread waiting = startingServices;
        if (waiting != null) {
            waiting.interrupt();
        }
        synchronized (this) {
            if (product == null && stack == null) {
                return;
            }
            System.out.println("Stopping nostale ...");
            visitors.ifPresent(v -> runQuietly("stopping the other visitors", v::close));
            if (product != null) {
                runQuietly("stopping the services", product::close);
            }
            if (stack != null) {
                runQuietly("stopping Kafka and PostgreSQL", stack::close);
            }
            System.out.println("Stopped. Data kept in " + args.dir() + "; run the same command to continue.");
        }
    }

    private static void runQuietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            System.err.println("problem " + what + ": " + e.getMessage());
        }
    }
}
