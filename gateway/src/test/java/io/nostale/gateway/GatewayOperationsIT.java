package io.nostale.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.embedded.Prometheus;
import io.nostale.gateway.RawLiveClient.Close;
import io.nostale.gateway.RawLiveClient.Event;
import io.nostale.gateway.RawLiveClient.Message;
import io.nostale.wire.XidSnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the gateway tells its operator (docs/operations.md): health and metrics on the management port only, and
 * metrics that count what really happened, read back from {@code /actuator/prometheus} as Prometheus reads them,
 * after a garbage collection (a gauge held weakly turns into NaN then). And what it tells its sockets when it stops:
 * every one, subscribed or not yet, is told to reconnect elsewhere with close 1001.
 */
class GatewayOperationsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static GatewayHarness gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = GatewayHarness.start("gateway-operations-it.changes", "--nostale.gateway.heartbeat-interval=1s");
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void healthAndMetricsAnswerOnTheManagementPortAndNotOnThePublicOne() throws Exception {
        int management = gateway.managementPort();
        assertThat(management).isNotEqualTo(gateway.port());
        for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/health/readiness",
                "/actuator/health/liveness", "/actuator/metrics")) {
            assertThat(get(gateway.port(), path).statusCode()).as("public port, " + path).isEqualTo(404);
        }
        HttpResponse<String> readiness = get(management, "/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
        assertThat(get(management, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get(management, "/actuator/prometheus").body()).contains("nostale_gateway_connections_open");
    }

    @Test
    void metricsCountWhatHappenedEvenAfterAGarbageCollection() throws Exception {
        Prometheus before = gateway.prometheus();
        double catchUpsBefore = before.value("nostale_gateway_catchup_duration_seconds_count");
        double deliveredBefore = before.value("nostale_gateway_changes_delivered_total");
        double resetsBefore = before.find("nostale_gateway_resyncs_total", "reason", "stream-reset").orElse(0);
        double badTokensBefore = before.find("nostale_gateway_refusals_total", "code", "bad-token").orElse(0);
        long user = 81_000;
        List<RawLiveClient> idle = new ArrayList<>();
        List<LiveClient> live = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                idle.add(RawLiveClient.connect(gateway.live(), GatewayHarness.ORIGIN, 64 * 1024));
            }
            for (int i = 0; i < 3; i++) {
                LiveClient page = LiveClient.connect(gateway.live(), GatewayHarness.ORIGIN);
                page.send(gateway.page(user + i, XidSnapshot.of(50_000, 50_000)).subscribeFrame());
                assertThat(page.nextContent().path("type").asString()).isEqualTo("caught-up");
                live.add(page);
            }
            gateway.change(50_001, user);
            for (LiveClient page : live.subList(0, 1)) {
                assertThat(page.nextContent().path("type").asString()).isEqualTo("change");
            }
            try (LiveClient reset = LiveClient.connect(gateway.live(), GatewayHarness.ORIGIN)) {
                String frame = gateway.page(user + 9, XidSnapshot.of(50_000, 50_000)).subscribeFrame();
                reset.send(frame.substring(0, frame.length() - 1)
                        + ",\"resume\":{\"stream\":\"other\",\"offset\":0,\"position\":\"0/1#0/1\"}}");
                assertThat(reset.nextContent().path("reason").asString()).isEqualTo("stream-reset");
                assertThat(reset.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4409);
            }
            try (LiveClient forged = LiveClient.connect(gateway.live(), GatewayHarness.ORIGIN)) {
                forged.send("{\"type\":\"subscribe\",\"token\":\"forged\",\"timepoint\":\""
                        + gateway.page(user, XidSnapshot.of(50_000, 50_000)).timepoint() + "\"}");
                assertThat(forged.nextContent().path("code").asString()).isEqualTo("bad-token");
                forged.closeCode.get(10, TimeUnit.SECONDS);
            }

            System.gc();
            System.gc();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Prometheus after = gateway.prometheus();
                assertThat(after.value("nostale_gateway_connections_open")).as("2 idle + 3 live sockets").isEqualTo(5);
                assertThat(after.value("nostale_gateway_subscriptions_live")).isEqualTo(3);
                assertThat(after.value("nostale_gateway_outbound_bytes")).isZero();
                assertThat(after.value("nostale_gateway_catchup_duration_seconds_count") - catchUpsBefore).isEqualTo(3);
                assertThat(after.value("nostale_gateway_catchup_duration_seconds_sum")).isPositive();
                assertThat(after.value("nostale_gateway_changes_delivered_total") - deliveredBefore)
                        .as("the one change reached its one page").isEqualTo(1);
                assertThat(after.value("nostale_gateway_resyncs_total", "reason", "stream-reset") - resetsBefore)
                        .isEqualTo(1);
                assertThat(after.value("nostale_gateway_refusals_total", "code", "bad-token") - badTokensBefore)
                        .isEqualTo(1);
                assertThat(after.value("nostale_gateway_slow_clients_dropped_total")).isZero();
                assertThat(after.value("nostale_gateway_connections_aborted_total")).isZero();
            });
        } finally {
            for (RawLiveClient client : idle) {
                client.close();
            }
            live.forEach(LiveClient::close);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Prometheus closed = gateway.prometheus();
            assertThat(closed.value("nostale_gateway_connections_open")).isZero();
            assertThat(closed.value("nostale_gateway_subscriptions_live")).isZero();
        });
    }

    /**
     * Graceful shutdown: a socket that connected and never subscribed, one whose subscribe frame is half-way in (its
     * first fragment came, the rest never does), one replaying and one live each get close 1001, "going away", so
     * each page reconnects to another gateway with its resume point.
     */
    @Test
    void gracefulShutdownTellsEverySocketSubscribedOrNotToReconnect() throws Exception {
        try (GatewayHarness stopping = GatewayHarness.start("gateway-operations-it.shutdown.changes",
                "--nostale.gateway.heartbeat-interval=1s", "--nostale.gateway.subscribe-timeout=60s")) {
            long user = 82_000;
            GatewayHarness.Page page = stopping.page(user, XidSnapshot.of(60_000, 60_000));
            RawLiveClient neverSubscribed = RawLiveClient.connect(stopping.live(), GatewayHarness.ORIGIN, 64 * 1024);
            RawLiveClient midSubscribe = RawLiveClient.connect(stopping.live(), GatewayHarness.ORIGIN, 64 * 1024);
            String frame = page.subscribeFrame();
            midSubscribe.sendFirstFragment(frame.substring(0, frame.length() / 2));
            RawLiveClient live = RawLiveClient.connect(stopping.live(), GatewayHarness.ORIGIN, 64 * 1024);
            live.sendText(stopping.page(user + 1, XidSnapshot.of(60_000, 60_000)).subscribeFrame());
            assertThat(untilContent(live)).contains("caught-up");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> stopping.prometheus().value("nostale_gateway_connections_open") == 3);

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(stopping::stopGateway);
            RawLiveClient late = null;
            try {
                for (Map.Entry<String, RawLiveClient> socket : Map.of("never subscribed", neverSubscribed,
                        "mid-subscribe", midSubscribe, "live", live).entrySet()) {
                    Event last = lastEvent(socket.getValue());
                    assertThat(last).as(socket.getKey()).isInstanceOf(Close.class);
                    assertThat(((Close) last).code()).as(socket.getKey()).isEqualTo(1001);
                }
                // None of the three answered its close, so the gateway still waits for them and still listens: a
                // page that connects now is told to go elsewhere too, at its handshake (503) or with 1001.
                try {
                    late = RawLiveClient.connect(stopping.live(), GatewayHarness.ORIGIN, 64 * 1024);
                    Event last = lastEvent(late);
                    assertThat(last).as("connected during the shutdown").isInstanceOf(Close.class);
                    assertThat(((Close) last).code()).as("connected during the shutdown").isEqualTo(1001);
                } catch (java.io.IOException refused) {
                    assertThat(refused.getMessage()).as("connected during the shutdown")
                            .satisfiesAnyOf(m -> assertThat(m).contains("503"), m -> assertThat(m).contains("refused"));
                }
            } finally {
                stopped.get(60, TimeUnit.SECONDS);
                neverSubscribed.close();
                midSubscribe.close();
                live.close();
                if (late != null) {
                    late.close();
                }
            }
        }
    }

    /** Text of the frames up to the first that is neither a heartbeat nor a change. */
    private static String untilContent(RawLiveClient client) throws Exception {
        while (true) {
            Event event = client.next(Duration.ofSeconds(10));
            if (!(event instanceof Message message)) {
                return event.toString();
            }
            JsonNode json = JSON.readTree(message.text());
            String type = json.path("type").asString();
            if (!type.equals("heartbeat") && !type.equals("change")) {
                return message.text();
            }
        }
    }

    /** Skips the socket's messages (heartbeats) and returns how it ended: a close frame, an end, or silence. */
    private static Event lastEvent(RawLiveClient client) throws Exception {
        while (true) {
            Event event = client.next(Duration.ofSeconds(20));
            if (!(event instanceof Message)) {
                return event;
            }
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
