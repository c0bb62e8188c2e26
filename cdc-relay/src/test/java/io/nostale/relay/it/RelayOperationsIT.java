package io.nostale.relay.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.embedded.CuttableProxy;
import io.nostale.embedded.Prometheus;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the relay tells its operator, read back from {@code /actuator/prometheus} as Prometheus reads it: changes
 * counted by table, capture lag, the slot's WAL and {@code wal_status}; and that its readiness means "streaming" and
 * its capture lag grows while capture is stopped. This relay reaches the shared PostgreSQL through a proxy the test
 * cuts, and has a change topic and slot of its own, so the other tests' relay and stream never notice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RelayOperationsIT {

    private static final String TOPIC = "nostale.changes.operations";
    private static final String SLOT = "nostale_operations";

    private static CuttableProxy database;
    private static ConfigurableApplicationContext relay;
    private static TopicTail tail;
    private static long owner;

    @BeforeAll
    static void startRelay() throws Exception {
        owner = RelayHarness.user("operations-owner");
        database = CuttableProxy.to(RelayHarness.stack().postgresPort());
        List<String> arguments = new ArrayList<>();
        for (String argument : RelayHarness.relayArgumentsFor(0, TOPIC, SLOT,
                "--nostale.relay.capture.heartbeat-interval=1s",
                "--nostale.relay.slot-metrics-interval=200ms",
                "--nostale.relay.restart.initial-backoff=200ms",
                "--nostale.relay.restart.max-backoff=1s")) {
            arguments.add(argument.startsWith("--nostale.relay.database.port=")
                    ? "--nostale.relay.database.port=" + database.port() : argument);
        }
        relay = RelayHarness.startRelay(arguments);
        tail = RelayHarness.tail(TOPIC);
    }

    @AfterAll
    static void stopRelay() throws Exception {
        if (tail != null) {
            tail.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (database != null) {
            database.close();
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Connection connection = RelayHarness.connect();
                 PreparedStatement drop = connection.prepareStatement(
                         "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
                drop.setString(1, SLOT);
                drop.execute();
            }
            return true;
        });
    }

    @Test
    @Order(1)
    void metricsCountWhatWasRelayed() throws Exception {
        Prometheus before = scrape();
        double roomsBefore = before.find("nostale_relay_events_total", "table", "chat_room").orElse(0);
        double lagCountBefore = before.value("nostale_relay_capture_lag_seconds_count");

        List<Long> rooms = new ArrayList<>();
        try (Connection connection = RelayHarness.connect()) {
            for (int i = 0; i < 3; i++) {
                rooms.add(RelayHarness.insertRoom(connection, "Counted " + UUID.randomUUID(), owner));
            }
        }
        for (long room : rooms) {
            tail.await(record -> record.isChangeOfRow("chat_room", room), 1);
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Prometheus after = scrape();
            assertThat(after.value("nostale_relay_events_total", "table", "chat_room") - roomsBefore)
                    .as("three rooms inserted").isEqualTo(3);
            assertThat(after.value("nostale_relay_events_total", "table", "nostale_heartbeat"))
                    .as("heartbeats are relayed too").isPositive();
            assertThat(after.value("nostale_relay_capture_lag_seconds_count") - lagCountBefore).isGreaterThanOrEqualTo(3);
            assertThat(after.value("nostale_relay_capture_lag_seconds_max")).isLessThan(10);
            assertThat(after.value("nostale_relay_capture_behind_seconds"))
                    .as("a heartbeat every second is relayed").isLessThan(5);
            assertThat(after.value("nostale_relay_slot_active")).isEqualTo(1);
            assertThat(after.value("nostale_relay_slot_retained_bytes")).isPositive();
            assertThat(after.value("nostale_relay_slot_behind_bytes")).isGreaterThanOrEqualTo(0);
            assertThat(after.value("nostale_relay_slot_wal_status", "status", "reserved")).isEqualTo(1);
            for (String other : List.of("extended", "unreserved", "lost")) {
                assertThat(after.value("nostale_relay_slot_wal_status", "status", other)).as(other).isZero();
            }
        });
    }

    @Test
    @Order(2)
    void notReadyAndFallingBehindWhileCaptureIsStoppedThenCaughtUp() throws Exception {
        assertThat(readiness().statusCode()).isEqualTo(200);
        database.cut();
        List<Long> written = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                HttpResponse<String> readiness = readiness();
                assertThat(readiness.statusCode()).isEqualTo(503);
                assertThat(readiness.body()).contains("\"status\":\"DOWN\"");
            });
            assertThat(RelayHarness.get(RelayHarness.port(relay), "/actuator/health/liveness").statusCode()).isEqualTo(200);
            try (Connection connection = RelayHarness.connect()) {
                written.add(RelayHarness.insertRoom(connection, "While cut " + UUID.randomUUID(), owner));
            }
            double first = scrape().value("nostale_relay_capture_behind_seconds");
            Prometheus later = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(RelayOperationsIT::scrape,
                            scrape -> scrape.value("nostale_relay_capture_behind_seconds") >= first + 1.5);
            assertThat(later.value("nostale_relay_capture_behind_seconds")).as("capture lag grows while capture is stopped")
                    .isGreaterThan(2);
            assertThat(later.value("nostale_relay_slot_active")).as("the slot cannot be read: unknown").isNaN();
        } finally {
            database.mend();
        }

        RelayHarness.awaitReady(RelayHarness.port(relay));
        tail.await(record -> record.isChangeOfRow("chat_room", written.get(0)), 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Prometheus caughtUp = scrape();
            assertThat(caughtUp.value("nostale_relay_capture_behind_seconds")).isLessThan(5);
            assertThat(caughtUp.value("nostale_relay_slot_active")).isEqualTo(1);
        });
        StreamInvariant.assertOrderedWithExactReplays(tail.records());
    }

    private static Prometheus scrape() {
        return Prometheus.scrape(RelayHarness.port(relay));
    }

    private static HttpResponse<String> readiness() throws Exception {
        return RelayHarness.get(RelayHarness.port(relay), "/actuator/health/readiness");
    }
}
