package io.nostale.relay.capture;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.nostale.relay.convert.ChangeConverter;
import io.nostale.relay.kafka.ChangePublisher;
import io.nostale.relay.kafka.ChangeTopicClients;
import io.nostale.relay.slot.SlotStart;
import io.nostale.relay.slot.StreamStarter;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at capturing: check the change topic, open a producer, make sure the slot exists (writing the
 * stream-start record if it is new), then run the Debezium engine on the calling thread until it stops.
 */
final class CaptureRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CaptureRun.class);
    private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(60);

    private final ChangeTopicClients kafka;
    private final StreamStarter starter;
    private final ChangeConverter converter;
    private final EngineSettings settings;
    private final CaptureState state;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Object lock = new Object();
    private boolean stopRequested; // guarded by lock
    private @Nullable DebeziumEngine<RecordChangeEvent<SourceRecord>> engine; // guarded by lock
    private @Nullable ChangePublisher publisher;
    private volatile boolean streamed;

    CaptureRun(ChangeTopicClients kafka, StreamStarter starter, ChangeConverter converter, EngineSettings settings,
               CaptureState state) {
        this.kafka = kafka;
        this.starter = starter;
        this.converter = converter;
        this.settings = settings;
        this.state = state;
    }

    /** Blocks until the engine stops; returns the failure it stopped with (empty if it was asked to stop). */
    Optional<Throwable> execute() throws Exception {
        kafka.ensureChangeTopic();
        ChangePublisher changes = kafka.openPublisher();
        publisher = changes;
        SlotStart slot = starter.ensureSlot(changes);
        DebeziumEngine<RecordChangeEvent<SourceRecord>> built = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(settings.forSlot(slot))
                .notifying(new RelayChangeConsumer(converter, changes))
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void pollingStarted() {
                        streamed = true;
                        state.phase(CaptureState.Phase.STREAMING);
                        log.info("Streaming changes of slot '{}'", settings.slot());
                    }

                    @Override
                    public void pollingStopped() {
                        state.phase(CaptureState.Phase.STARTING);
                    }
                })
                .using((success, message, error) -> {
                    if (!success) {
                        failure.compareAndSet(null, error != null ? error : new IllegalStateException(message));
                    }
                })
                .build();
        synchronized (lock) {
            if (stopRequested) {
                return Optional.empty();
            }
            engine = built;
        }
        built.run();
        synchronized (lock) {
            return stopRequested ? Optional.empty()
                    : Optional.of(failure.get() != null ? failure.get() : new IllegalStateException("the engine stopped without an error"));
        }
    }

    /** Whether the engine got as far as streaming (the supervisor then resets its backoff). */
    boolean streamed() {
        return streamed;
    }

    /** Closes the engine (Debezium commits the offsets of what was acknowledged) and makes {@link #execute} return. */
    void requestStop() throws InterruptedException {
        DebeziumEngine<RecordChangeEvent<SourceRecord>> running;
        synchronized (lock) {
            stopRequested = true;
            running = engine;
        }
        if (running == null) {
            return;
        }
        long deadline = System.nanoTime() + CLOSE_PATIENCE.toNanos();
        while (true) {
            try {
                running.close();
                return;
            }
            catch (IllegalStateException e) {
                // Debezium refuses to close while its tasks start; anything else means it is stopped already
                if (!String.valueOf(e.getMessage()).contains("starting") || System.nanoTime() > deadline) {
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            catch (IOException e) {
                log.warn("Closing the Debezium engine failed: {}", e.toString());
                return;
            }
        }
    }

    @Override
    public void close() {
        ChangePublisher changes = publisher;
        if (changes != null) {
            changes.close();
        }
    }
}
