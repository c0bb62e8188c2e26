package io.nostale.renderer.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.embedded.CuttableProxy;
import io.nostale.embedded.Prometheus;
import io.nostale.renderer.RendererApplication;
import io.nostale.renderer.RendererITSupport;
import io.nostale.renderer.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The renderer's health and metrics live on its management port only, and its readiness tells the truth about its
 * database: this renderer reaches the shared PostgreSQL through a proxy the test cuts, so it alone loses it.
 */
class RendererOperationsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static CuttableProxy database;
    private static ConfigurableApplicationContext renderer;
    private static int port;
    private static int management;

    @BeforeAll
    static void startRenderer() {
        String direct = TestDatabases.url("renderer_operations_it");
        database = CuttableProxy.to(TestDatabases.stack().postgresPort());
        renderer = new SpringApplicationBuilder(RendererApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + direct.replace(":" + TestDatabases.stack().postgresPort() + "/",
                        ":" + database.port() + "/"),
                "--spring.datasource.username=" + TestDatabases.stack().username(),
                "--spring.datasource.password=" + TestDatabases.stack().password(),
                "--nostale.renderer.token-keys=" + RendererITSupport.TOKEN_KEYS);
        port = Integer.parseInt(renderer.getEnvironment().getProperty("local.server.port"));
        management = Integer.parseInt(renderer.getEnvironment().getProperty("local.management.port"));
    }

    @AfterAll
    static void stopRenderer() {
        if (renderer != null) {
            renderer.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void healthAndMetricsAnswerOnTheManagementPortAndNotOnThePublicOne() throws Exception {
        assertThat(management).isNotEqualTo(port);
        for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/health/readiness",
                "/actuator/health/liveness")) {
            assertThat(get(port, path).statusCode()).as("public port, " + path).isEqualTo(404);
        }
        assertThat(get(management, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<String> readiness = get(management, "/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
        assertThat(Prometheus.scrape(management).value("hikaricp_connections_max", "pool", "renderer")).isEqualTo(10);
    }

    @Test
    void notReadyWithoutItsDatabaseAndReadyAgainOnceItIsBack() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> get(management, "/actuator/health/readiness").statusCode() == 200);
        database.cut();
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                long started = System.nanoTime();
                HttpResponse<String> readiness = get(management, "/actuator/health/readiness");
                assertThat(readiness.statusCode()).isEqualTo(503);
                assertThat(readiness.body()).contains("\"status\":\"DOWN\"");
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("answered at once, not after the pool's connection timeout")
                        .isLessThan(DatabaseReadiness.PATIENCE.plusSeconds(1));
            });
            assertThat(get(management, "/actuator/health/liveness").statusCode())
                    .as("alive: restarting it would not bring the database back").isEqualTo(200);
        } finally {
            database.mend();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(management, "/actuator/health/readiness").statusCode() == 200);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
