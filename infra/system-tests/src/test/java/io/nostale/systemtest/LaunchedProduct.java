package io.nostale.systemtest;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The launcher as a user runs it, {@code java -jar infra/embedded/target/nostale-embedded-*-exec.jar}, as a process
 * of its own: its output collected line by line, its children visible, and SIGKILL or SIGTERM on demand.
 */
final class LaunchedProduct {

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private LaunchedProduct(Process process) {
        this.process = process;
    }

    static LaunchedProduct start(List<String> args, Map<String, String> env, Path outputFile) throws IOException {
        Path project = SystemUnderTest.projectDir();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m", "-jar",
                launcherJar(project).toString(), "--project", project.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        LaunchedProduct launched = new LaunchedProduct(builder.start());
        Files.createDirectories(outputFile.toAbsolutePath().getParent());
        Thread reader = new Thread(() -> launched.collect(outputFile), "launcher-output");
        reader.setDaemon(true);
        reader.start();
        return launched;
    }

    /** Waits for a line of the launcher's output (its own or a service's, which it prefixes) and returns it. */
    String awaitLine(Predicate<String> line, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(200))
                .failFast("the launcher exited; its last output:\n" + tail(), () -> !process.isAlive())
                .until(() -> output.stream().filter(line).findFirst(), Optional::isPresent).orElseThrow();
    }

    /** The lines from {@code first} (the first line it matches) on, as many as {@code count}. */
    List<String> linesFrom(Predicate<String> first, int count) {
        List<String> lines = List.copyOf(output);
        for (int i = 0; i < lines.size(); i++) {
            if (first.test(lines.get(i))) {
                return lines.subList(i, Math.min(lines.size(), i + count));
            }
        }
        return List.of();
    }

    boolean printed(Predicate<String> line) {
        return output.stream().anyMatch(line);
    }

    /** Its child processes right now: the service JVMs and the postmaster's guard. */
    List<ProcessHandle> children() {
        return process.toHandle().children().toList();
    }

    /** The child JVM running {@code module}'s exec jar, once there is one. */
    Optional<ProcessHandle> service(String module) {
        return children().stream()
                .filter(p -> p.info().commandLine().map(c -> c.contains("/" + module + "/target/")).orElse(false))
                .findFirst();
    }

    Optional<ProcessHandle> postmasterGuard() {
        return children().stream()
                .filter(p -> p.info().commandLine().map(c -> c.contains("nostale-postmaster-guard")).orElse(false))
                .findFirst();
    }

    /** SIGKILL: no shutdown hook runs; what it started must notice by itself. */
    void kill() {
        process.toHandle().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
    }

    /** SIGTERM, as Ctrl-C or a service manager would: the launcher's own shutdown hook stops everything. */
    void terminate() {
        process.toHandle().destroy();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    String tail() {
        List<String> lines = List.copyOf(output);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private void collect(Path outputFile) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); var file = Files.newBufferedWriter(outputFile, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                file.write(line);
                file.newLine();
                file.flush();
            }
        } catch (IOException e) {
            // the launcher is gone; what it printed is kept
        }
    }

    private static Path launcherJar(Path project) throws IOException {
        Path target = project.resolve("infra/embedded/target");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "nostale-embedded-*-exec.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new IllegalStateException("no launcher jar in " + target + "; build it: ./mvnw -B -q package -DskipTests");
    }
}
