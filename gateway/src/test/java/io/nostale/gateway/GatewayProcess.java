package io.nostale.gateway;

import io.nostale.embedded.EmbeddedStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The gateway as its own JVM from the exec jar, for tests of how it ends: a gateway that refuses to run exits the
 * process, which a gateway inside the test's JVM cannot show.
 */
final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts a gateway on {@code topic} of the shared stack with the harness's keys and origin plus {@code extra}. */
    static GatewayProcess start(String logName, String topic, String... extra) throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("target/*-exec.jar missing: run the ITs with "
                            + "'mvn verify', which packages the exec jar first"));
        }
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-jar", jar.toString(),
                "--server.port=0", "--management.server.port=0",
                "--nostale.gateway.kafka-bootstrap-servers=" + EmbeddedStack.shared().kafkaBootstrapServers(),
                "--nostale.gateway.topic=" + topic,
                "--nostale.gateway.token-keys=" + GatewayHarness.KEYS,
                "--nostale.gateway.allowed-origins=" + GatewayHarness.ORIGIN,
                "--nostale.gateway.outbound-budget=64MB")); // within half of the small heap
        command.addAll(List.of(extra));
        Path log = Path.of("target", logName + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        return new GatewayProcess(process, log);
    }

    /** Waits for the gateway to exit on its own; its exit code, or empty if it still runs. */
    OptionalInt awaitExit(Duration patience) throws InterruptedException {
        return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)
                ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
    }

    List<String> logLines() throws IOException {
        return Files.readAllLines(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
