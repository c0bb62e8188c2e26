package io.nostale.load.product;

import io.nostale.embedded.launch.ServiceProcess;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One gateway build's process, watched: a gateway under load may die (OutOfMemoryError, exit) and the driver must
 * say so as the result of the step, not wait for it. {@link #failure()} answers from the process state and from
 * the gateway's log, read incrementally.
 */
public final class GatewayProcess {

    static final Duration READY_LIMIT = Duration.ofSeconds(180);
    private static final Pattern OPEN_CONNECTIONS = Pattern.compile("\"value\"\\s*:\\s*([0-9.eE+-]+)");

    private final GatewayBuild build;
    private final ServiceProcess service;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private long logReadTo;
    private String outOfMemory;
    private boolean expectingDeath;

    GatewayProcess(GatewayBuild build, ServiceProcess service) {
        this.build = build;
        this.service = service;
    }

    public GatewayBuild build() {
        return build;
    }

    /** Starts it and waits until it is ready (its readiness includes following the change topic). */
    public void start() {
        expectingDeath = false;
        service.start();
        service.awaitReady(READY_LIMIT);
    }

    /** SIGKILL; returns once the process is gone. */
    public void kill() {
        expectingDeath = true;
        service.kill();
    }

    /** Starts it again after {@link #kill()} without waiting; see {@link #awaitReady()}. */
    public void restart() {
        service.start();
        expectingDeath = false;
    }

    public void awaitReady() {
        service.awaitReady(READY_LIMIT);
    }

    public void stop() {
        expectingDeath = true;
        service.stop();
    }

    public boolean isAlive() {
        return service.isAlive();
    }

    public OptionalLong pid() {
        return service.pid();
    }

    public java.nio.file.Path logFile() {
        return service.logFile();
    }

    /** Why the gateway cannot serve any more, if so: it exited, or its log shows an OutOfMemoryError. */
    public synchronized Optional<String> failure() {
        scanLog();
        if (expectingDeath) {
            return Optional.empty();
        }
        if (!service.isAlive()) {
            return Optional.of("gateway exited" + (outOfMemory == null ? "" : " after " + outOfMemory)
                    + "; last output: " + String.join(" | ", last(service.recentOutput(), 3)));
        }
        return outOfMemory == null ? Optional.empty() : Optional.of(outOfMemory + " (process still running)");
    }

    /**
     * The gateway's own count of open subscriptions ({@code nostale.gateway.connections.open}), if it answers: asked on
     * its management port ({@link ServiceProcess#port()}, {@code MANAGEMENT_SERVER_PORT}), never its public one.
     */
    public OptionalLong openConnections() {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + service.port()
                    + "/actuator/metrics/nostale.gateway.connections.open")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher value = OPEN_CONNECTIONS.matcher(answer.body());
            return answer.statusCode() == 200 && value.find() ? OptionalLong.of((long) Double.parseDouble(value.group(1)))
                    : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    private void scanLog() {
        if (outOfMemory != null) {
            return;
        }
        try (RandomAccessFile log = new RandomAccessFile(service.logFile().toFile(), "r")) {
            long length = log.length();
            if (length <= logReadTo) {
                return;
            }
            log.seek(logReadTo);
            byte[] fresh = new byte[(int) Math.min(length - logReadTo, 64L * 1024 * 1024)];
            log.readFully(fresh);
            int lastLine = fresh.length - 1;
            while (lastLine >= 0 && fresh[lastLine] != '\n') {
                lastLine--;
            }
            if (lastLine < 0) {
                return; // no whole line yet
            }
            logReadTo += lastLine + 1; // a line still being written is read next time, whole
            String text = new String(fresh, 0, lastLine + 1, StandardCharsets.UTF_8);
            int at = text.indexOf("OutOfMemoryError");
            if (at >= 0) {
                int start = text.lastIndexOf('\n', at) + 1;
                int end = text.indexOf('\n', at);
                outOfMemory = text.substring(start, end < 0 ? text.length() : end).trim();
                if (outOfMemory.length() > 200) {
                    outOfMemory = outOfMemory.substring(0, 200) + "…";
                }
            }
        } catch (IOException e) {
            // no log yet
        }
    }

    private static java.util.List<String> last(java.util.List<String> lines, int n) {
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
