package io.nostale.embedded;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * pg_ctl daemonizes the postmaster, so it outlives the JVM that started it. This guard is a small {@code sh} child of
 * that JVM which reads a pipe the JVM never writes to: when the JVM dies, even by SIGKILL, the OS closes the pipe and
 * the guard stops the postmaster with SIGINT (PostgreSQL's fast shutdown: clients of the dead run are disconnected,
 * nothing committed is lost). A JVM that stops PostgreSQL itself kills the guard first. If the guard dies too (a kill
 * of the whole process group with SIGKILL), {@link OrphanPostmaster} stops the leftover at the next start.
 */
final class PostmasterGuard implements AutoCloseable {

    /*
     * Ignores INT, TERM and HUP: Ctrl-C reaches the whole foreground process group, and the launcher stops
     * PostgreSQL itself then. The pid file check keeps it from signalling a pid that is no longer this postmaster's.
     */
    private static final String SCRIPT = """
            trap '' INT TERM HUP
            while read -r _; do :; done
            if [ "$(head -n 1 "$1/postmaster.pid" 2>/dev/null)" = "$2" ]; then
              echo "nostale: the JVM that started PostgreSQL (pid $2) has ended; stopping it (fast shutdown)"
              kill -INT "$2"
            fi
            """;

    private final Process guard;

    private PostmasterGuard(Process guard) {
        this.guard = guard;
    }

    /** Guards the postmaster running on {@code dataDir}; its line goes to {@code logFile}. */
    static PostmasterGuard start(Path dataDir, Path logFile) throws IOException {
        long pid = postmasterPid(dataDir).orElseThrow(
                () -> new IllegalStateException("PostgreSQL runs but " + dataDir.resolve("postmaster.pid")
                        + " names no pid"));
        Process guard = new ProcessBuilder(List.of("sh", "-c", SCRIPT, "nostale-postmaster-guard",
                dataDir.toString(), Long.toString(pid)))
                .redirectInput(Redirect.PIPE)
                .redirectOutput(Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true)
                .start();
        return new PostmasterGuard(guard);
    }

    /** The pid in {@code postmaster.pid}, if the file is there and readable. */
    static Optional<Long> postmasterPid(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        try {
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    long pid() {
        return guard.pid();
    }

    /** SIGKILL, so closing our end of the pipe cannot make it stop a postmaster we are about to stop ourselves. */
    @Override
    public void close() {
        guard.destroyForcibly();
        try {
            guard.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
