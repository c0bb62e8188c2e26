package io.nostale.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.embedded.EmbeddedStack;
import io.nostale.embedded.Prometheus;
import io.nostale.embedded.StackSettings;
import io.nostale.embedded.launch.Product;
import io.nostale.embedded.launch.ProductSettings;
import io.nostale.embedded.launch.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Operations tell the truth (docs/operations.md), on the product as deployed: the three services as processes,
 * health and metrics on their management ports only, metrics read back from {@code /actuator/prometheus} with real
 * values, and readiness that turns DOWN for a gateway and a relay without Kafka and a renderer and a relay without
 * PostgreSQL, and UP again once they are back.
 *
 * <p>It stops Kafka and PostgreSQL, so it runs on a stack of its own (its own PostgreSQL, its own broker, free
 * ports, {@code target/operations-stack}) with a product of its own: the shared stack and product of the other tests
 * never notice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PASSWORD = "operations-pw";

    private static EmbeddedStack stack;
    private static Product product;
    private static ProductSettings settings;

    @BeforeAll
    static void startOwnStackAndProduct() throws IOException {
        Path dir = Path.of("target", "operations-stack").toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        stack = EmbeddedStack.start(StackSettings.freePorts(dir));
        settings = ProductSettings.withFreePorts(SystemUnderTest.projectDir(), false,
                Path.of("target", "operations-service-logs")).withExtraEnv(Map.of(
                        "NOSTALE_RELAY_CAPTURE_HEARTBEAT_INTERVAL", "1s",
                        "NOSTALE_RELAY_SLOT_METRICS_INTERVAL", "500ms",
                        "NOSTALE_RELAY_RESTART_MAX_BACKOFF", "2s"));
        product = Product.start(stack, settings);
    }

    @AfterAll
    static void stopOwnStackAndProduct() {
        try {
            if (product != null) {
                product.close();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Test
    @Order(1)
    void healthAndMetricsAnswerOnTheManagementPortsOnly() throws Exception {
        for (int publicPort : List.of(settings.rendererPort(), settings.gatewayPort())) {
            for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/prometheus")) {
                assertThat(get(publicPort, path).statusCode()).as("public port " + publicPort + path).isEqualTo(404);
            }
        }
        for (ServiceProcess service : services()) {
            assertThat(service.port()).isNotIn(settings.rendererPort(), settings.gatewayPort());
            assertThat(get(service.port(), "/actuator/health/readiness").statusCode()).as(service.name()).isEqualTo(200);
            assertThat(get(service.port(), "/actuator/health/liveness").statusCode()).as(service.name()).isEqualTo(200);
            assertThat(get(service.port(), "/actuator/prometheus").body()).as(service.name()).contains("jvm_");
        }
    }

    @Test
    @Order(2)
    void metricsCountWhatHappenedEvenAfterTheServicesCollectGarbage() throws Exception {
        long user = user();
        Prometheus relayBefore = Prometheus.scrape(settings.relayPort());
        double roomsBefore = relayBefore.find("nostale_relay_events_total", "table", "chat_room").orElse(0);
        double catchUpsBefore = Prometheus.scrape(settings.gatewayManagementPort())
                .value("nostale_gateway_catchup_duration_seconds_count");

        RenderedHome page = RendererSession.login(product.rendererUrl(), "operations-" + user, PASSWORD).home();
        List<WebSocket> idle = new ArrayList<>();
        try (LiveClient live = LiveClient.subscribe(page, product.rendererUrl(), "")) {
            assertThat(nextControlFrame(live)).isEqualTo("caught-up");
            for (int i = 0; i < 2; i++) {
                idle.add(HTTP.newWebSocketBuilder().header("Origin", product.rendererUrl())
                        .buildAsync(URI.create(product.gatewayUrl()), new WebSocket.Listener() { })
                        .get(10, TimeUnit.SECONDS));
            }
            for (int i = 0; i < 3; i++) {
                room(user);
            }

            collectGarbage(product.gateway());
            collectGarbage(product.relay());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Prometheus gateway = Prometheus.scrape(settings.gatewayManagementPort());
                assertThat(gateway.value("nostale_gateway_connections_open")).as("1 live + 2 idle sockets").isEqualTo(3);
                assertThat(gateway.value("nostale_gateway_subscriptions_live")).isEqualTo(1);
                assertThat(gateway.value("nostale_gateway_catchup_duration_seconds_count") - catchUpsBefore).isEqualTo(1);
                Prometheus relay = Prometheus.scrape(settings.relayPort());
                assertThat(relay.value("nostale_relay_events_total", "table", "chat_room") - roomsBefore).isEqualTo(3);
                assertThat(relay.value("nostale_relay_capture_behind_seconds")).isLessThan(5);
                assertThat(relay.value("nostale_relay_slot_active")).isEqualTo(1);
                assertThat(relay.value("nostale_relay_slot_retained_bytes")).isPositive();
                assertThat(relay.value("nostale_relay_slot_wal_status", "status", "reserved")).isEqualTo(1);
            });
        } finally {
            for (WebSocket socket : idle) {
                socket.abort();
            }
        }
    }

    @Test
    @Order(3)
    void withoutKafkaTheGatewayAndTheRelayAreNotReadyAndTheRelayFallsBehind() throws Exception {
        long user = user();
        stack.stopKafka();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertNotReady(settings.gatewayManagementPort()));
            for (int i = 0; i < 20; i++) {
                room(user); // WAL the relay cannot relay
            }
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertNotReady(settings.relayPort()));
            Prometheus first = Prometheus.scrape(settings.relayPort());
            room(user);
            double firstBehind = first.value("nostale_relay_capture_behind_seconds");
            Prometheus second = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Prometheus.scrape(settings.relayPort()),
                            scrape -> scrape.value("nostale_relay_capture_behind_seconds") >= firstBehind + 1.5);
            assertThat(second.value("nostale_relay_capture_behind_seconds"))
                    .as("capture lag in time grows while nothing reaches Kafka")
                    .isGreaterThanOrEqualTo(first.value("nostale_relay_capture_behind_seconds") + 1.5)
                    .isGreaterThan(10);
            assertThat(second.value("nostale_relay_slot_behind_bytes")).as("and in WAL bytes")
                    .isGreaterThan(first.value("nostale_relay_slot_behind_bytes"));
            assertThat(get(settings.rendererManagementPort(), "/actuator/health/readiness").statusCode())
                    .as("the renderer needs no Kafka").isEqualTo(200);
            for (ServiceProcess service : services()) {
                assertThat(get(service.port(), "/actuator/health/liveness").statusCode()).as(service.name()).isEqualTo(200);
            }
        } finally {
            stack.startKafka();
        }
        awaitAllReady();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Prometheus.scrape(settings.relayPort())
                .value("nostale_relay_capture_behind_seconds")).as("caught up").isLessThan(5));
    }

    @Test
    @Order(4)
    void withoutPostgresTheRendererAndTheRelayAreNotReady() throws Exception {
        stack.stopPostgres();
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertNotReady(settings.rendererManagementPort());
                assertNotReady(settings.relayPort());
            });
            assertThat(get(settings.gatewayManagementPort(), "/actuator/health/readiness").statusCode())
                    .as("the gateway needs no database").isEqualTo(200);
        } finally {
            stack.startPostgres();
        }
        awaitAllReady();
    }

    /**
     * A relay away for longer than {@code max_slot_wal_keep_size} allows: PostgreSQL invalidates its slot (wal_status
     * {@code lost}) at a checkpoint. Back, the relay drops it, creates it anew and announces a stream-start, with no
     * one's hand; an open page resyncs {@code stream-reset} (what was committed meanwhile was never captured), and a
     * page read afterwards is live. The keep size is lowered on this stack of its own for the test, then restored.
     */
    @Test
    @Order(5)
    void aSlotInvalidatedWhileTheRelayWasAwayIsRecreatedAndOpenPagesResync() throws Exception {
        long user = user();
        RendererSession session = RendererSession.login(product.rendererUrl(), "operations-" + user, PASSWORD);
        double recreatedBefore = Prometheus.scrape(settings.relayPort()).find("nostale_relay_slot_recreated_total")
                .orElse(0);
        try (Connection db = connect(); Statement sql = db.createStatement();
                LiveClient open = LiveClient.subscribe(session.home(), product.rendererUrl(), "")) {
            assertThat(nextControlFrame(open)).isEqualTo("caught-up");
            String keep = text(sql, "SHOW max_slot_wal_keep_size");
            assertThat(keep).as("the embedded stack bounds the WAL a slot holds").isEqualTo("4GB");
            product.relay().stop();
            try {
                sql.execute("ALTER SYSTEM SET max_slot_wal_keep_size = '32MB'");
                sql.execute("SELECT pg_reload_conf()");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    for (int segment = 0; segment < 3; segment++) { // WAL the stopped relay never sees
                        room(user);
                        sql.execute("SELECT pg_switch_wal()");
                    }
                    sql.execute("CHECKPOINT");
                    return "lost".equals(text(sql, "SELECT wal_status FROM pg_replication_slots WHERE slot_name = "
                            + "'nostale'"));
                });
            } finally {
                sql.execute("ALTER SYSTEM SET max_slot_wal_keep_size = '" + keep + "'");
                sql.execute("SELECT pg_reload_conf()");
                product.relay().start();
            }
            product.relay().awaitReady(Duration.ofSeconds(120));

            List<JsonNode> frames = open.framesThrough(frame -> "resync".equals(frame.path("type").asString()));
            assertThat(frames.get(frames.size() - 1).path("reason").asString()).isEqualTo("stream-reset");
            assertThat(text(sql, "SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'nostale'"))
                    .isEqualTo("reserved");
            Prometheus relay = Prometheus.scrape(settings.relayPort());
            assertThat(relay.value("nostale_relay_slot_recreated_total") - recreatedBefore).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Prometheus.scrape(
                    settings.relayPort()).value("nostale_relay_slot_safe_wal_bytes")).as("safe_wal_size").isPositive());
        }
        try (LiveClient fresh = LiveClient.subscribe(session.home(), product.rendererUrl(), "")) {
            assertThat(nextControlFrame(fresh)).as("a page read afterwards").isEqualTo("caught-up");
            long request = requestInOwnRoom(user);
            assertThat(Changes.describe(fresh.changesThrough(change -> Changes.describe(change)
                    .equals("chat_room_join_request INSERT " + request + " pending")), "chat_room_join_request"))
                    .as("and live").contains("chat_room_join_request INSERT " + request + " pending");
        }
    }

    /** A room of another user's, and {@code user}'s pending request to join it; the request's id. */
    private static long requestInOwnRoom(long user) throws Exception {
        long owner = user();
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            long room = Long.parseLong(text(sql, "INSERT INTO chat_room (title, owner_id) VALUES ('Elsewhere', "
                    + owner + ") RETURNING id"));
            return Long.parseLong(text(sql, "INSERT INTO chat_room_join_request (room_id, user_id) VALUES (" + room
                    + ", " + user + ") RETURNING id"));
        }
    }

    private static String text(Statement sql, String query) throws Exception {
        try (ResultSet row = sql.executeQuery(query)) {
            return row.next() ? row.getString(1) : null;
        }
    }

    private static void assertNotReady(int managementPort) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> readiness = get(managementPort, "/actuator/health/readiness");
        assertThat(readiness.statusCode()).as("readiness on " + managementPort + ": " + readiness.body()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"status\":\"DOWN\"");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered promptly").isLessThan(Duration.ofSeconds(4));
    }

    private static void awaitAllReady() {
        for (ServiceProcess service : services()) {
            service.awaitReady(Duration.ofSeconds(120));
        }
    }

    private static List<ServiceProcess> services() {
        return List.of(product.renderer(), product.relay(), product.gateway());
    }

    /** {@code jcmd <pid> GC.run}: a full collection in the service, as one would come sooner or later. */
    private static void collectGarbage(ServiceProcess service) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(service.pid().orElseThrow()), "GC.run").redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        assertThat(jcmd.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jcmd.exitValue()).as(output).isZero();
    }

    /** A user who can sign in as {@code operations-<id>} with {@link #PASSWORD}. */
    private static long user() throws Exception {
        try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO app_user (username, display_name, password_hash) VALUES ('operations-' || ?, ?, ?)"
                        + " RETURNING id")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, "Operator");
            insert.setString(3, new BCryptPasswordEncoder(4).encode(PASSWORD));
            long id;
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                id = row.getLong(1);
            }
            try (PreparedStatement rename = connection.prepareStatement(
                    "UPDATE app_user SET username = 'operations-' || id WHERE id = ?")) {
                rename.setLong(1, id);
                rename.executeUpdate();
            }
            return id;
        }
    }

    /** The next frame that is not a heartbeat or a change. */
    private static String nextControlFrame(LiveClient client) throws InterruptedException {
        while (true) {
            String type = client.next().path("type").asString();
            if (!type.equals("heartbeat") && !type.equals("change")) {
                return type;
            }
        }
    }

    private static void room(long owner) throws Exception {
        try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO chat_room (title, owner_id) VALUES (?, ?)")) {
            insert.setString(1, "Operations " + UUID.randomUUID());
            insert.setLong(2, owner);
            insert.executeUpdate();
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.username(), stack.password());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
