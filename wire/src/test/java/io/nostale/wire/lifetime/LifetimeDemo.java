package io.nostale.wire.lifetime;

import java.util.concurrent.CountDownLatch;

/** A stand-in service for {@link ServiceLifetimeIT}: installs the lifetime, then runs until its JVM ends. */
public final class LifetimeDemo {

    private LifetimeDemo() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceLifetime.install("demo");
        boolean stuck = "stuck".equals(System.getenv("DEMO_SHUTDOWN"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println(stuck ? "shutdown hook stuck" : "graceful stop");
            System.out.flush();
            if (stuck) {
                awaitForever(); // as a context close that waits for a start-up blocked on an unreachable broker
            }
        }));
        System.out.println("phase grace " + System.getProperty(ServiceLifetime.PHASE_GRACE_PROPERTY));
        System.out.println("ready");
        System.out.flush();
        awaitForever();
    }

    private static void awaitForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
