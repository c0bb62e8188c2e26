package io.nostale.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nostale.pages.delivery.ResyncReason;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/** The gateway's Prometheus metrics (docs/operations.md). */
@Component
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final Timer catchUp;
    private final Counter delivered;
    private final Counter slowClientsDropped;
    private final Counter aborted;
    private final Counter replayRead;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.catchUp = Timer.builder("nostale.gateway.catchup.duration")
                .description("From subscribe to caught-up").publishPercentiles(0.5, 0.99).register(registry);
        this.delivered = Counter.builder("nostale.gateway.changes.delivered").register(registry);
        this.slowClientsDropped = Counter.builder("nostale.gateway.slow.clients.dropped").register(registry);
        this.aborted = Counter.builder("nostale.gateway.connections.aborted")
                .description("Connections closed without a close frame: the client took nothing within the close grace")
                .register(registry);
        this.replayRead = Counter.builder("nostale.gateway.catchup.records.read")
                .description("History records read by replays: pages replaying together share reads, so this grows"
                        + " with the records replayed, not with records times pages")
                .register(registry);
    }

    /** A gauge read from {@code value}; held strongly, so it never turns into NaN after a garbage collection. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).strongReference(true).register(registry);
    }

    public void caughtUp(Duration took) {
        catchUp.record(took);
    }

    public void delivered() {
        delivered.increment();
    }

    public void resync(ResyncReason reason) {
        registry.counter("nostale.gateway.resyncs", "reason", reason.wireName()).increment();
    }

    public void refused(String code) {
        registry.counter("nostale.gateway.refusals", "code", code).increment();
    }

    public void slowClientDropped() {
        slowClientsDropped.increment();
    }

    public void replayRead(int records) {
        replayRead.increment(records);
    }

    public void aborted() {
        aborted.increment();
    }
}
