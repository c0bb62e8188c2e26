package io.nostale.relay.capture;

import io.nostale.relay.RelayMisconfiguredException;
import io.nostale.relay.RelayProperties;
import io.nostale.relay.convert.ChangeConverter;
import io.nostale.relay.kafka.ChangeTopicClients;
import io.nostale.relay.slot.StreamStarter;
import java.time.Duration;
import java.util.Optional;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs capture on one thread for the life of the application. When the engine stops with an error (database or
 * Kafka unreachable, a send not acknowledged) it says so in one log line and starts a new run after a backoff that
 * doubles from {@code restart.initial-backoff} to {@code restart.max-backoff} (reset once a run streamed). Nothing
 * is lost meanwhile: the slot keeps the WAL from the last committed offset. On shutdown the engine is closed
 * (committing the offsets of acknowledged changes), then the producer.
 */
@Component
class CaptureSupervisor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CaptureSupervisor.class);

    private final ChangeTopicClients kafka;
    private final StreamStarter starter;
    private final ChangeConverter converter;
    private final EngineSettings settings;
    private final CaptureState state;
    private final RelayProperties.Restart restart;
    private final FatalExit fatalExit;
    private final Object pause = new Object();
    private volatile boolean running;
    private volatile @Nullable CaptureRun current;
    private @Nullable Thread thread;

    CaptureSupervisor(ChangeTopicClients kafka, StreamStarter starter, ChangeConverter converter,
                      EngineSettings settings, CaptureState state, RelayProperties properties, FatalExit fatalExit) {
        this.kafka = kafka;
        this.starter = starter;
        this.converter = converter;
        this.settings = settings;
        this.state = state;
        this.restart = properties.restart();
        this.fatalExit = fatalExit;
    }

    @Override
    public synchronized void start() {
        running = true;
        Thread supervisor = new Thread(this::supervise, "nostale-relay-capture");
        thread = supervisor;
        supervisor.start();
    }

    private void supervise() {
        Duration backoff = restart.initialBackoff();
        while (running) {
            state.phase(CaptureState.Phase.STARTING);
            Optional<Throwable> failure;
            boolean streamed = false;
            try (CaptureRun run = new CaptureRun(kafka, starter, converter, settings, state)) {
                current = run;
                if (!running) {
                    break;
                }
                failure = run.execute();
                streamed = run.streamed();
            }
            catch (RelayMisconfiguredException e) {
                state.phase(CaptureState.Phase.MISCONFIGURED);
                log.error("Refusing to run: {}", e.getMessage());
                fatalExit.exit();
                return;
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            catch (Exception e) {
                failure = Optional.of(e);
            }
            finally {
                current = null;
            }
            if (!running || failure.isEmpty()) {
                break;
            }
            if (streamed) {
                backoff = restart.initialBackoff();
            }
            String description = describe(failure.get());
            state.failed(description);
            log.error("Change capture stopped: {}. Restarting in {} ms (nothing is lost: the slot keeps the WAL "
                    + "since the last committed offset)", description, backoff.toMillis());
            log.debug("Change capture failure", failure.get());
            await(backoff);
            backoff = backoff.multipliedBy(2).compareTo(restart.maxBackoff()) > 0 ? restart.maxBackoff() : backoff.multipliedBy(2);
        }
        state.phase(CaptureState.Phase.STOPPED);
    }

    /** The chain of causes in one line, e.g. {@code DebeziumException: ... <- PSQLException: Connection refused}. */
    static String describe(Throwable failure) {
        StringJoiner chain = new StringJoiner(" <- ");
        for (Throwable cause = failure; cause != null && chain.length() < 2000; cause = cause.getCause()) {
            chain.add(cause.getClass().getSimpleName() + ": " + cause.getMessage());
            if (cause.getCause() == cause) {
                break;
            }
        }
        return chain.toString();
    }

    private void await(Duration backoff) {
        long deadline = System.nanoTime() + backoff.toNanos();
        synchronized (pause) {
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                try {
                    pause.wait(Math.max(1, left / 1_000_000));
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        synchronized (pause) {
            pause.notifyAll();
        }
        try {
            CaptureRun run = current;
            if (run != null) {
                run.requestStop();
            }
            Thread supervisor;
            synchronized (this) {
                supervisor = thread;
            }
            if (supervisor != null) {
                supervisor.join(Duration.ofSeconds(90).toMillis());
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
