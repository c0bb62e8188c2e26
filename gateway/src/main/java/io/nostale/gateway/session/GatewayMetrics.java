package io.nostale.gateway.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nostale.gateway.catchup.ResyncReason;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/** The gateway's Prometheus metrics (SPEC §6). */
@Component
class GatewayMetrics {

    private final MeterRegistry registry;
    private final Timer catchUp;
    private final Counter delivered;
    private final Counter slowClientsDropped;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.catchUp = Timer.builder("nostale.gateway.catchup.duration")
                .description("From subscribe to caught-up").publishPercentiles(0.5, 0.99).register(registry);
        this.delivered = Counter.builder("nostale.gateway.changes.delivered").register(registry);
        this.slowClientsDropped = Counter.builder("nostale.gateway.slow.clients.dropped").register(registry);
    }

    void trackOpenConnections(Supplier<Number> count) {
        registry.gauge("nostale.gateway.connections.open", count, s -> s.get().doubleValue());
    }

    void caughtUp(Duration took) {
        catchUp.record(took);
    }

    void delivered() {
        delivered.increment();
    }

    void resync(ResyncReason reason) {
        registry.counter("nostale.gateway.resyncs", "reason", reason.wireName()).increment();
    }

    void slowClientDropped() {
        slowClientsDropped.increment();
    }
}
