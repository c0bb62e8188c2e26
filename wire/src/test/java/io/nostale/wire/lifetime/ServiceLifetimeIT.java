package io.nostale.wire.lifetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ServiceLifetime} in real child JVMs ({@link LifetimeDemo}), each with a standard input pipe from here. */
class ServiceLifetimeIT {

    private final List<Process> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void stopsGracefullyWhenItsStandardInputEnds() throws Exception {
        Child child = start(Map.of("NOSTALE_STOP_WITH_PARENT", "stdin"));

        // what the OS does to the pipe when the parent dies, even by SIGKILL
        child.process.getOutputStream().close();

        assertThat(child.process.waitFor(15, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(child.process.exitValue()).isZero();
        assertThat(child.output).contains("graceful stop")
                .anySatisfy(line -> assertThat(line).contains("standard input closed"));
    }

    @Test
    void withoutTheSettingAnEndedStandardInputIsNoReasonToStop() throws Exception {
        Child child = start(Map.of());

        child.process.getOutputStream().close();

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(child.process::isAlive);
        child.process.toHandle().destroy();
        assertThat(child.process.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(child.output).contains("graceful stop");
    }

    @Test
    void haltsWhenTheGracefulShutdownOutrunsItsLimit() throws Exception {
        Child child = start(Map.of("NOSTALE_DEMO_SHUTDOWN_LIMIT", "2s", "DEMO_SHUTDOWN", "stuck"));
        assertThat(child.output).as("the framework's phases get two thirds of the limit").contains("phase grace 1333ms");
        long signalled = System.nanoTime();

        // SIGTERM, via the handle: Process.destroy() would also close our end of its output
        child.process.toHandle().destroy();

        assertThat(child.process.waitFor(15, TimeUnit.SECONDS)).as("exited").isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - signalled);
        assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
        assertThat(child.process.exitValue()).isEqualTo(ServiceLifetime.HALTED_STATUS);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(child.output).contains(
                "shutdown hook stuck",
                "nostale-demo: graceful shutdown did not finish within 2s (NOSTALE_DEMO_SHUTDOWN_LIMIT); halting"));
    }

    @Test
    void anOrdinaryShutdownIsNotDelayedByTheLimit() throws Exception {
        Child child = start(Map.of("NOSTALE_DEMO_SHUTDOWN_LIMIT", "10m"));
        long signalled = System.nanoTime();

        child.process.toHandle().destroy();

        assertThat(child.process.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(10));
        assertThat(child.process.exitValue()).isEqualTo(143); // 128 + SIGTERM, as without the limit
    }

    @Test
    void refusesToStartWithALimitOutOfBounds() throws Exception {
        Child child = launch(Map.of("NOSTALE_DEMO_SHUTDOWN_LIMIT", "0s"));

        assertThat(child.process.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(child.process.exitValue()).isEqualTo(ServiceLifetime.REFUSED_STATUS);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(child.output).containsExactly(
                "nostale-demo refuses to start: NOSTALE_DEMO_SHUTDOWN_LIMIT must be between 1s and 10m, got 0s"));
    }

    private Child start(Map<String, String> env) throws IOException {
        Child child = launch(env);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(child.output).contains("ready"));
        return child;
    }

    private Child launch(Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                LifetimeDemo.class.getName()).redirectErrorStream(true);
        builder.environment().remove(StopWithParent.VARIABLE);
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        Child child = new Child(process, new CopyOnWriteArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    child.output.add(line);
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, "lifetime-demo-output");
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    private record Child(Process process, List<String> output) {
    }
}
