package io.nostale.embedded.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Finds the runnable jar of a service module, {@code <project>/<module>/target/<artifact>-*-exec.jar}. */
final class ExecJars {

    static final String BUILD_COMMAND = "./mvnw -B -q package -DskipTests";

    private ExecJars() {
    }

    /** The newest match, or a message that names the missing file and how to build it. */
    static Path find(Path projectDir, String module, String artifact) {
        Path target = projectDir.resolve(module).resolve("target");
        String pattern = artifact + "-*-exec.jar";
        List<Path> matches = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, pattern)) {
                jars.forEach(matches::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + target, e);
            }
        }
        return matches.stream()
                .max(Comparator.comparing(ExecJars::modified))
                .orElseThrow(() -> new IllegalStateException("no runnable jar of " + module + ": " + target.resolve(pattern)
                        + " does not exist; build the services first: cd " + projectDir + " && " + BUILD_COMMAND));
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
