package io.nostale.load;

import io.nostale.load.product.GatewayProcess;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Waiting, with the gateway in view: every wait of the driver has a time limit and ends at once, with the reason,
 * when the gateway died. (Pacing sleeps are the benchmark's schedule, not stand-ins for a condition.)
 */
final class Watch {

    private static final long POLL_MILLIS = 100;

    private final GatewayProcess gateway;

    Watch(GatewayProcess gateway) {
        this.gateway = gateway;
    }

    /** The gateway died: what ended the step. */
    static final class GatewayDied extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GatewayDied(String cause) {
            super(cause, null, false, false);
        }
    }

    /** Waits until {@code done}; false when {@code limit} passed first. */
    boolean until(Duration limit, BooleanSupplier done) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            checkGateway();
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            sleep(POLL_MILLIS);
        }
        return true;
    }

    /** Lets {@code duration} pass (the writers' schedule), watching the gateway. */
    void pace(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (end - System.nanoTime() > 0) {
            checkGateway();
            sleep(Math.min(POLL_MILLIS, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    void checkGateway() {
        Optional<String> failure = gateway.failure();
        if (failure.isPresent()) {
            throw new GatewayDied(failure.get());
        }
    }

    boolean gatewayOk() {
        return gateway.failure().isEmpty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
