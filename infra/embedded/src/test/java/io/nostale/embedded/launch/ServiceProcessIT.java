package io.nostale.embedded.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nostale.embedded.Ports;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a stand-in service (a tiny HTTP server compiled here) through ServiceProcess as a real child JVM. */
class ServiceProcessIT {

    private static final String FAKE_SERVICE = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;

            public class FakeService {
                public static void main(String[] args) throws Exception {
                    System.out.println("fake service starting");
                    if ("crash".equals(System.getenv("FAKE_MODE"))) {
                        System.err.println("boom: cannot start");
                        System.exit(3);
                    }
                    int port = Integer.parseInt(System.getenv("SERVER_PORT"));
                    long readyAt = System.currentTimeMillis() + 500;
                    HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
                    server.createContext("/actuator/health/readiness", exchange -> {
                        int status = System.currentTimeMillis() >= readyAt ? 200 : 503;
                        exchange.sendResponseHeaders(status, -1);
                        exchange.close();
                    });
                    server.start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("graceful stop")));
                    System.out.println("listening on " + port);
                }
            }
            """;

    @TempDir
    static Path work;
    private static Path jar;

    @BeforeAll
    static void buildFakeServiceJar() throws IOException {
        Path src = Files.writeString(work.resolve("FakeService.java"), FAKE_SERVICE);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", work.toString(), src.toString());
        assertThat(rc).as("javac").isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "FakeService");
        jar = work.resolve("fake-exec.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry("FakeService.class"));
            jarOut.write(Files.readAllBytes(work.resolve("FakeService.class")));
            jarOut.closeEntry();
        }
    }

    private ServiceProcess fake(String name, Map<String, String> extraEnv) {
        int port = Ports.free(1).get(0);
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        env.put("SERVER_PORT", Integer.toString(port));
        return new ServiceProcess(name, jar, List.of("-Xmx64m"), env, port, work.resolve("logs").resolve(name + ".log"));
    }

    @Test
    void waitsForReadinessLogsTheOutputAndStopsGracefully() throws IOException {
        ServiceProcess service = fake("steady", Map.of());
        service.start();
        service.awaitReady(Duration.ofSeconds(30));
        assertThat(service.isAlive()).isTrue();

        service.stop();

        assertThat(service.isAlive()).isFalse();
        assertThat(Files.readAllLines(service.logFile()))
                .contains("fake service starting", "listening on " + service.port(), "graceful stop");
    }

    @Test
    void failsFastWithTheLastOutputWhenTheProcessExitsBeforeReady() {
        ServiceProcess service = fake("crashing", Map.of("FAKE_MODE", "crash"));
        service.start();
        long started = System.nanoTime();

        assertThatThrownBy(() -> service.awaitReady(Duration.ofSeconds(60)))
                .hasMessageContaining("crashing exited with code 3 before it was ready")
                .hasMessageContaining("boom: cannot start");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void killEndsItWithoutGracefulShutdownAndItCanStartAgain() throws IOException {
        ServiceProcess service = fake("victim", Map.of());
        service.start();
        service.awaitReady(Duration.ofSeconds(30));

        service.kill();

        assertThat(service.isAlive()).isFalse();
        assertThat(Files.readAllLines(service.logFile())).doesNotContain("graceful stop");
        service.start();
        service.awaitReady(Duration.ofSeconds(30));
        assertThat(service.isAlive()).isTrue();
        service.stop();
    }
}
