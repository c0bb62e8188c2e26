package io.nostale.wire.lifetime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How a service process ends, the same for every service and independent of its framework: each service's
 * {@code main} calls {@link #install(String)} before it starts anything.
 *
 * <ul>
 *   <li><b>A bounded shutdown.</b> Once the JVM starts shutting down (SIGTERM, Ctrl-C, {@code System.exit}, or the
 *   parent's death below), the process has {@link ShutdownLimit} to finish; then it halts with one line on standard
 *   error and status {@value #HALTED_STATUS}. A shutdown hook that never returns (a context closing while start-up
 *   waits for an unreachable Kafka, a consumer closing against a dead broker) can no longer keep it running.</li>
 *   <li><b>Stop with the parent</b>, when {@link StopWithParent#STDIN} is set: a daemon thread reads standard input and
 *   at its end, which the OS causes when the parent holding the pipe dies (even by SIGKILL), starts the same
 *   graceful shutdown as SIGTERM.</li>
 * </ul>
 */
public final class ServiceLifetime {

    /** Exit status of a process whose graceful shutdown outran its limit (as {@code timeout(1)} uses). */
    public static final int HALTED_STATUS = 124;
    /** Exit status when a lifetime setting is invalid: the service refuses to start. */
    public static final int REFUSED_STATUS = 2;
    /** The Spring Boot property that bounds each graceful shutdown phase; set from the limit by {@link #install}. */
    public static final String PHASE_GRACE_PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";

    private final String service;
    private final ShutdownLimit limit;
    private final StopWithParent stopWithParent;

    private ServiceLifetime(String service, ShutdownLimit limit, StopWithParent stopWithParent) {
        this.service = service;
        this.limit = limit;
        this.stopWithParent = stopWithParent;
    }

    /**
     * Reads the settings of {@code service} (e.g. {@code relay}: {@code NOSTALE_RELAY_SHUTDOWN_LIMIT}) from the
     * environment and installs both; a setting out of bounds ends the process with a message naming it.
     */
    public static ServiceLifetime install(String service) {
        ServiceLifetime lifetime;
        try {
            lifetime = of(service, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("nostale-" + service + " refuses to start: " + e.getMessage());
            System.exit(REFUSED_STATUS);
            throw e; // not reached
        }
        lifetime.installLimit();
        // the framework's graceful phases within the limit (ShutdownLimit.phaseGrace); a command-line argument still wins
        System.setProperty(PHASE_GRACE_PROPERTY, lifetime.limit.phaseGrace().toMillis() + "ms");
        if (lifetime.stopWithParent == StopWithParent.STDIN) {
            lifetime.watchParent(System.in);
        }
        return lifetime;
    }

    /** The settings alone, nothing installed; throws {@link IllegalArgumentException} naming a bad variable. */
    public static ServiceLifetime of(String service, Map<String, String> env) {
        return new ServiceLifetime(service, ShutdownLimit.fromEnvironment(service, env),
                StopWithParent.fromEnvironment(env));
    }

    public ShutdownLimit limit() {
        return limit;
    }

    public StopWithParent stopWithParent() {
        return stopWithParent;
    }

    private void installLimit() {
        // The hook only starts the timer and returns: the JVM waits for every hook, so a hook that waited itself
        // would delay the ordinary exit by the whole limit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> daemon("nostale-shutdown-limit", this::haltAfterLimit),
                "nostale-shutdown-limit-hook"));
    }

    private void haltAfterLimit() {
        long deadline = System.nanoTime() + limit.value().toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                // nothing may cut the limit short or cancel it
            }
        }
        System.err.println("nostale-" + service + ": graceful shutdown did not finish within " + limit + " ("
                + ShutdownLimit.variable(service) + "); halting");
        System.err.flush();
        Runtime.getRuntime().halt(HALTED_STATUS);
    }

    private void watchParent(InputStream stdin) {
        daemon("nostale-parent-watch", () -> {
            drain(stdin);
            System.err.println("nostale-" + service + ": standard input closed, the process that started it has "
                    + "ended; shutting down");
            System.exit(0); // the ordinary graceful shutdown, bounded by the limit
        });
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // the parent never writes; whatever comes is not a reason to stop
            }
        } catch (IOException e) {
            // a broken pipe means the same as its end
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
