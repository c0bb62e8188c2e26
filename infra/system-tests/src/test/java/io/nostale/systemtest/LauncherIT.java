package io.nostale.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.embedded.PortInUseException;
import io.nostale.embedded.Ports;
import io.nostale.embedded.launch.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The launcher as a user runs it, as a process of its own on ports of its own (set by flags, one by its environment
 * variable) with its data in {@code target/launcher-stack}: a launcher that dies leaves nothing running, whether it
 * dies once everything is up or while the services still start, and a postmaster whose guard died too is reclaimed at
 * the next start (docs/operations.md, "When the launcher dies"). The scenarios follow each other on the same data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Path DIR = Path.of("target", "launcher-stack").toAbsolutePath();
    private static final Duration START = Duration.ofSeconds(240);
    /** The relay waits for Kafka while it stops; a short limit keeps these runs short (the default is 30 s). */
    private static final String RELAY_LIMIT = "10s";
    /** Its limit, the time the JVMs take to react and exit, and a loaded machine. */
    private static final Duration NOTHING_LEFT_WITHIN = Duration.ofSeconds(40);

    private static int pg;
    private static int kafka;
    private static int controller;
    private static int renderer;
    private static int gateway;
    private static int relay;
    private static LaunchedProduct first;
    private static final List<ProcessHandle> everything = new ArrayList<>();

    @BeforeAll
    static void freshDirectoryAndPorts() throws IOException {
        if (Files.exists(DIR)) {
            try (Stream<Path> files = Files.walk(DIR)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        List<Integer> free = Ports.free(4);
        pg = free.get(0);
        kafka = free.get(1);
        controller = free.get(2);
        relay = free.get(3);
        renderer = freeWithManagementPort(List.of(pg, kafka, controller, relay));
        gateway = freeWithManagementPort(List.of(pg, kafka, controller, relay, renderer, renderer + 1000));
    }

    @AfterAll
    static void leaveNothingBehind() {
        // only if a scenario failed half-way: every process any run started, by its pid
        everything.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    @Order(1)
    void runsOnThePortsGivenByFlagsAndEnvironmentAndPrintsThem() throws Exception {
        first = launch();
        first.awaitLine(line -> line.contains("nostale is running"), START);

        String ports = String.join("\n", first.linesFrom(line -> line.startsWith("  Ports"), 3));
        assertThat(ports).contains("PostgreSQL " + pg, "Kafka " + kafka + " (controller " + controller + ")",
                "renderer " + renderer + " (management " + (renderer + 1000) + ")",
                "gateway " + gateway + " (management " + (gateway + 1000) + ")", "relay " + relay);
        // the launcher waited for readiness there; liveness, which a moment's lag does not turn, shows who answers
        for (int management : List.of(renderer + 1000, gateway + 1000, relay)) {
            assertThat(get(management, "/actuator/health/liveness")).as("liveness on " + management).isEqualTo(200);
        }
        assertThat(get(renderer, "/login")).as("the pages").isEqualTo(200);
        String gatewayEnvironment = Files.readString(Path.of("/proc", first.service("gateway").orElseThrow().pid()
                + "", "environ"));
        assertThat(gatewayEnvironment).as("what the launcher hands a service")
                .contains("NOSTALE_STOP_WITH_PARENT=stdin\0", "SERVER_PORT=" + gateway + "\0")
                .doesNotContain("NOSTALE_GATEWAY_PORT=");
    }

    @Test
    @Order(2)
    void aRelaySigtermedWhileItCannotReachKafkaExitsWithinItsShutdownLimit() throws Exception {
        int port = Ports.free(1).get(0);
        int nobody = Ports.free(1).get(0); // no broker there
        Path log = DIR.resolve("logs").resolve("stuck-relay.log");
        ServiceProcess stuck = new ServiceProcess("stuck-relay", relayJar(), List.of("-Xmx256m"), Map.of(
                "MANAGEMENT_SERVER_PORT", Integer.toString(port),
                "NOSTALE_RELAY_DATABASE_PORT", Integer.toString(pg),
                "NOSTALE_RELAY_SLOT", "stuck", "NOSTALE_RELAY_TOPIC", "stuck.changes",
                "NOSTALE_RELAY_OFFSETS_TOPIC", "stuck.offsets",
                "NOSTALE_RELAY_KAFKA_BOOTSTRAP_SERVERS", "localhost:" + nobody,
                // without it the relay takes about a minute here (the engine waits for Kafka)
                "NOSTALE_RELAY_SHUTDOWN_LIMIT", "5s"), port, log);
        stuck.start();
        try {
            stuck.pid().ifPresent(pid -> ProcessHandle.of(pid).ifPresent(everything::add));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Files.exists(log) && Files.readString(log).contains("Started RelayApplication"));
            long signalled = System.nanoTime();

            stuck.stop(); // SIGTERM, and waits: 5 s + the launcher's 15 s margin before it would kill

            Duration took = Duration.ofNanos(System.nanoTime() - signalled);
            assertThat(took).as("exited by its own limit, not killed after 20 s").isLessThan(Duration.ofSeconds(15));
            assertThat(stuck.isAlive()).isFalse();
            assertThat(Files.readString(log)).contains(
                    "nostale-relay: graceful shutdown did not finish within 5s (NOSTALE_RELAY_SHUTDOWN_LIMIT); halting");
        } finally {
            stuck.kill();
        }
    }

    @Test
    @Order(3)
    void aSigkilledLauncherLeavesNothingRunning() throws Exception {
        List<ProcessHandle> started = started(first, "renderer", "cdc-relay", "gateway");
        started.add(first.postmasterGuard().orElseThrow());
        started.add(postmaster().orElseThrow());

        first.kill();

        awaitGone(started, List.of(pg, kafka, controller, renderer, renderer + 1000, gateway, gateway + 1000, relay));
    }

    @Test
    @Order(4)
    void aLauncherKilledWhileTheServicesStartLeavesNoServiceRunningAndItsPostmasterIsReclaimedAtTheNextStart()
            throws Exception {
        LaunchedProduct starting = launch();
        await().atMost(START).pollInterval(Duration.ofMillis(100))
                .failFast("the launcher exited:\n" + starting.tail(), () -> !starting.handle().isAlive())
                .until(() -> starting.service("cdc-relay").isPresent() && starting.service("gateway").isPresent());
        List<ProcessHandle> services = started(starting, "renderer", "cdc-relay", "gateway");
        ProcessHandle orphan = postmaster().orElseThrow();
        assertThat(starting.printed(line -> line.contains("nostale is running"))).as("still starting").isFalse();
        // its guard dies first, as in a SIGKILL of the whole process group: the postmaster is left behind
        ProcessHandle guard = starting.postmasterGuard().orElseThrow();
        guard.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !guard.isAlive());

        starting.kill();

        awaitGone(services, List.of(kafka, controller, renderer, renderer + 1000, gateway, gateway + 1000, relay));
        assertThat(orphan.isAlive()).as("nothing stopped the postmaster").isTrue();

        LaunchedProduct next = launch();
        next.awaitLine(line -> line.contains("stopping PostgreSQL (pid " + orphan.pid() + ") left running"), START);
        next.awaitLine(line -> line.contains("Starting renderer"), START);
        assertThat(orphan.isAlive()).as("the orphan is gone before its port is taken again").isFalse();
        await().atMost(START).pollInterval(Duration.ofMillis(100)).until(() -> next.service("renderer").isPresent());
        List<ProcessHandle> nextRun = started(next, "renderer");
        nextRun.add(next.postmasterGuard().orElseThrow());
        nextRun.add(postmaster().orElseThrow());

        next.terminate(); // SIGTERM while the renderer starts: the launcher's own hook stops what did start

        next.awaitLine(line -> line.startsWith("Stopped. Data kept in"), Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(20)).until(() -> !next.handle().isAlive());
        awaitGone(nextRun, List.of(pg, kafka, controller, renderer, renderer + 1000));
    }

    private static LaunchedProduct launch() throws IOException {
        LaunchedProduct launched = LaunchedProduct.start(List.of("--dir", DIR.toString(),
                "--pg-port", Integer.toString(pg), "--kafka-port", Integer.toString(kafka),
                "--kafka-controller-port", Integer.toString(controller), "--renderer-port", Integer.toString(renderer),
                "--relay-port", Integer.toString(relay)),
                Map.of("NOSTALE_GATEWAY_PORT", Integer.toString(gateway), "NOSTALE_RELAY_SHUTDOWN_LIMIT", RELAY_LIMIT),
                Path.of("target", "launcher-output-" + everything.size() + ".log"));
        everything.add(launched.handle());
        return launched;
    }

    /** The service JVMs of {@code launched}, remembered for the clean-up too. */
    private static List<ProcessHandle> started(LaunchedProduct launched, String... modules) {
        List<ProcessHandle> found = new ArrayList<>();
        for (String module : modules) {
            found.add(launched.service(module).orElseThrow(() -> new AssertionError(module + " is not running")));
        }
        everything.addAll(found);
        return found;
    }

    private static Optional<ProcessHandle> postmaster() throws IOException {
        Path pidFile = DIR.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        Optional<ProcessHandle> found = ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
        found.ifPresent(everything::add);
        return found;
    }

    private static void awaitGone(List<ProcessHandle> processes, List<Integer> ports) {
        await().atMost(NOTHING_LEFT_WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(processes.stream().filter(ProcessHandle::isAlive).map(LauncherIT::describe))
                    .as("still running").isEmpty();
            assertThat(ports.stream().filter(port -> !isFree(port))).as("ports still taken").isEmpty();
        });
    }

    private static String describe(ProcessHandle p) {
        return p.pid() + " " + p.info().commandLine().orElse("?");
    }

    private static boolean isFree(int port) {
        try {
            Ports.requireFree(port, "check");
            return true;
        } catch (PortInUseException e) {
            return false;
        }
    }

    /** A free port whose + 1000, the service's management port, is free too and clashes with none of {@code taken}. */
    private static int freeWithManagementPort(List<Integer> taken) {
        for (int tries = 0; tries < 100; tries++) {
            int port = Ports.free(1).get(0);
            if (port + 1000 <= 65535 && !taken.contains(port) && !taken.contains(port + 1000)
                    && !taken.contains(port - 1000) && isFree(port + 1000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port with a free port 1000 above it");
    }

    private static int get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Path relayJar() throws IOException {
        Path target = SystemUnderTest.projectDir().resolve("cdc-relay").resolve("target");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "nostale-cdc-relay-*-exec.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new IllegalStateException("no relay jar in " + target);
    }
}
