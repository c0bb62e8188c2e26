package io.nostale.embedded.launch;

import io.nostale.wire.lifetime.ShutdownLimit;
import io.nostale.wire.lifetime.StopWithParent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One service run as a child JVM ({@code java <jvmArgs> -jar <execJar>}) with its own environment. Its output goes
 * to our stdout prefixed {@code [name] } and to a log file. Can be started again after {@link #stop()} or
 * {@link #kill()}, with the same jar, environment and port.
 *
 * <p>Its standard input is a pipe this JVM holds and never writes to, and it runs with
 * {@code NOSTALE_STOP_WITH_PARENT=stdin}: when this JVM dies, even by SIGKILL, the OS closes the pipe and the service
 * shuts down gracefully by itself, within its shutdown limit (see {@code io.nostale.wire.lifetime.ServiceLifetime}).
 */
public final class ServiceProcess {

    /** How much longer than the service's own shutdown limit {@link #stop()} waits before it kills. */
    static final Duration STOP_MARGIN = Duration.ofSeconds(15);
    private static final Pattern LIMIT_VARIABLE = Pattern.compile("NOSTALE_[A-Z0-9_]+_SHUTDOWN_LIMIT");
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final String name;
    private final Path execJar;
    private final List<String> jvmArgs;
    private final Map<String, String> env;
    private final int port;
    private final Path logFile;
    private final OutputTail tail = new OutputTail(40);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Thread pump;

    public ServiceProcess(String name, Path execJar, List<String> jvmArgs, Map<String, String> env, int port,
                          Path logFile) {
        this.name = Objects.requireNonNull(name, "name");
        this.execJar = Objects.requireNonNull(execJar, "execJar");
        this.jvmArgs = List.copyOf(jvmArgs);
        this.env = Map.copyOf(env);
        this.port = port;
        this.logFile = Objects.requireNonNull(logFile, "logFile");
    }

    /** Starts the JVM; returns at once, see {@link #awaitReady(Duration)}. */
    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(execJar.toString());
        // a pipe, kept open by this JVM for the life of the process: its end tells the service we are gone
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        // the launcher's own settings are no service's (NOSTALE_RELAY_PORT is not a relay setting)
        builder.environment().keySet().removeAll(LauncherArgs.OWN_VARIABLES);
        builder.environment().putAll(env);
        builder.environment().put(StopWithParent.VARIABLE, StopWithParent.STDIN.text());
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            tail.clear();
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " from " + execJar, e);
        }
        pump = OutputPump.start(name, process.getInputStream(), logFile, tail);
    }

    /**
     * Polls {@code GET /actuator/health/readiness} on {@link #port()} (the service's management port) until it
     * answers 200. Fails at once, with the last log lines,
     * if the process exits meanwhile.
     */
    public void awaitReady(Duration timeout) {
        Process running = currentProcess();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        Instant deadline = Instant.now().plus(timeout);
        String lastAnswer = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!running.isAlive()) {
                drainOutput();
                throw new IllegalStateException(name + " exited with code " + running.exitValue()
                        + " before it was ready; last output:\n" + tail.text() + "\n(full log: " + logFile + ")");
            }
            Optional<HttpResponse<String>> answer = probe(request);
            if (answer.isPresent() && answer.get().statusCode() == 200) {
                return;
            }
            lastAnswer = answer.map(r -> r.statusCode() + " " + r.body()).orElse(lastAnswer);
            sleep(POLL_INTERVAL);
        }
        throw new IllegalStateException(name + " was not ready on port " + port + " within " + timeout.toSeconds()
                + " s (last readiness answer: " + lastAnswer + "); last output:\n" + tail.text() + "\n(full log: " + logFile + ")");
    }

    /**
     * SIGTERM (graceful shutdown), then its shutdown limit and 15 s more for it to exit, then SIGKILL: the service
     * halts itself at its limit, so the kill is for a service that cannot even do that.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        // via the handle: Process.destroy() would also close our end of the output pipe and lose the last lines
        process.toHandle().destroy();
        Duration grace = stopGrace(effectiveEnvironment());
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                System.out.println("[" + name + "] did not stop within " + grace.toSeconds() + " s, killing it");
                process.toHandle().destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.toHandle().destroyForcibly();
            Thread.currentThread().interrupt();
        }
        drainOutput();
    }

    /** SIGKILL: the abrupt end a fault test wants (no graceful shutdown); returns when the process is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        try {
            process.toHandle().destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drainOutput();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The running process's id, for tools that look into it ({@code jcmd}, {@code /proc}); empty when not running. */
    public synchronized OptionalLong pid() {
        return isAlive() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    /**
     * The same service (environment, JVM arguments, port) run from another build's exec jar, logging to
     * {@code otherLogFile}: for comparing two builds of one service on the same stack. Not started.
     */
    public ServiceProcess withExecJar(Path otherJar, Path otherLogFile) {
        return new ServiceProcess(name, otherJar, jvmArgs, env, port, otherLogFile);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    /** The last 40 lines the process printed (stdout and stderr). */
    public List<String> recentOutput() {
        return tail.lines();
    }

    @Override
    public String toString() {
        return name + " (port " + port + ", " + execJar.getFileName() + ")";
    }

    /**
     * How long {@link #stop()} waits: the longest shutdown limit in the service's environment (each service reads
     * only its own; one it would refuse counts as the default) plus {@link #STOP_MARGIN}.
     */
    static Duration stopGrace(Map<String, String> env) {
        Duration longest = ShutdownLimit.DEFAULT;
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (LIMIT_VARIABLE.matcher(e.getKey()).matches()) {
                String service = e.getKey().substring("NOSTALE_".length(), e.getKey().length() - "_SHUTDOWN_LIMIT".length());
                try {
                    Duration limit = ShutdownLimit.fromEnvironment(service, env).value();
                    longest = limit.compareTo(longest) > 0 ? limit : longest;
                } catch (IllegalArgumentException refused) {
                    // the service will not start with it; nothing to wait for
                }
            }
        }
        return longest.plus(STOP_MARGIN);
    }

    private Map<String, String> effectiveEnvironment() {
        Map<String, String> effective = new java.util.HashMap<>(System.getenv());
        effective.putAll(env);
        return effective;
    }

    private synchronized Process currentProcess() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process;
    }

    private Optional<HttpResponse<String>> probe(HttpRequest request) {
        try {
            return Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty(); // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /** Lets the pump write what the dead process printed last, so messages and the log file are complete. */
    private void drainOutput() {
        Thread current = pump;
        if (current != null) {
            try {
                current.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
