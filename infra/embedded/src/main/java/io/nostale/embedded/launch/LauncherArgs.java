package io.nostale.embedded.launch;

import java.nio.file.Path;
import java.util.Optional;

/** The launcher's command line: {@code [--dir <path>] [--project <path>]}. */
record LauncherArgs(Path dir, Path project, boolean help) {

    static final String USAGE = """
            usage: java -jar infra/embedded/target/nostale-embedded-0.1.0-SNAPSHOT-exec.jar [--dir <path>] [--project <path>]
              --dir <path>      where PostgreSQL, Kafka, token keys and logs are kept (default: ./.nostale)
              --project <path>  the nostale checkout holding the built services (default: .)""";

    static LauncherArgs parse(String[] args, Path cwd) {
        Path dir = null;
        Path project = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    return new LauncherArgs(cwd.resolve(".nostale"), cwd, true);
                }
                case "--dir" -> dir = cwd.resolve(value(args, ++i, "--dir"));
                case "--project" -> project = cwd.resolve(value(args, ++i, "--project"));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'\n" + USAGE);
            }
        }
        return new LauncherArgs(
                Optional.ofNullable(dir).orElse(cwd.resolve(".nostale")).toAbsolutePath().normalize(),
                Optional.ofNullable(project).orElse(cwd).toAbsolutePath().normalize(),
                false);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a path\n" + USAGE);
        }
        return args[i];
    }
}
