package io.nostale.relay.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The relay as its own JVM from the exec jar, so that a test can kill it with SIGKILL: a real crash, with no
 * shutdown hook, no graceful offset commit and no closing of its database sessions.
 */
final class RelayProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private RelayProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the relay with the harness's arguments for this topic and slot plus {@code extra}; does not wait. */
    static RelayProcess start(String logName, String topic, String slot, String... extra) throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("target/*-exec.jar missing: run the ITs with "
                            + "'mvn verify', which packages the exec jar first"));
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-Xmx384m", "-jar", jar.toString()));
        command.addAll(RelayHarness.relayArgumentsFor(port, topic, slot, extra));
        Path log = Path.of("target", logName + ".log");
        File logFile = log.toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile)).start();
        return new RelayProcess(process, port, log);
    }

    /** Waits until the relay streams; kills it and says where its log is if it does not. */
    RelayProcess awaitReady() {
        try {
            RelayHarness.awaitReady(port);
            return this;
        }
        catch (RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException("relay process did not become ready, see " + log, e);
        }
    }

    /** Waits for the relay to exit on its own (a refusal to run); its exit code, or empty if it still runs. */
    java.util.OptionalInt awaitExit(java.time.Duration patience) throws InterruptedException {
        return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    /** What the relay printed so far (standard output and error). */
    List<String> logLines() throws IOException {
        return Files.readAllLines(log);
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("relay process " + process.pid() + " did not die within 30 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
