package io.nostale.relay.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Capture lag (commit time on the database clock → Kafka acknowledgement on ours; both clocks are assumed to be
 * NTP-synchronised) and the number of changes relayed, per table (a table's truncate counts as one). Recorded on the
 * producer's I/O thread.
 */
@Component
class PublishMetrics {

    private final MeterRegistry registry;
    private final Timer captureLag;
    private final Map<String, Counter> eventsByTable = new ConcurrentHashMap<>();

    PublishMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.captureLag = Timer.builder("nostale.relay.capture.lag")
                .description("Time from a transaction's commit to Kafka's acknowledgement of its change")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
    }

    void acknowledged(String table, long commitMillis, long ackMillis) {
        captureLag.record(Math.max(0, ackMillis - commitMillis), TimeUnit.MILLISECONDS);
        eventsByTable.computeIfAbsent(table, name -> Counter.builder("nostale.relay.events")
                .description("Changes relayed to the change topic (acknowledged by Kafka; replays count again)")
                .tag("table", name)
                .register(registry)).increment();
    }
}
