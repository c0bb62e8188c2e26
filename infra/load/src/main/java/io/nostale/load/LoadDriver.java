package io.nostale.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The gateway load driver (infra/load/README.md): thousands of subscribed pages on one real gateway, grown step by
 * step, with paced JDBC writers, an exact check that no page missed a change, and the gateway's memory, frame rate,
 * latency and reconnect storm per step. A benchmark, run by hand:
 *
 * <pre>./mvnw -B -q -DskipTests package && ./mvnw -B -q -pl infra/load exec:java -Dload.steps=1000,5000</pre>
 */
public final class LoadDriver {

    private LoadDriver() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // the plots are drawn without a display
        Path projectDir = projectDir();
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((key, value) -> properties.put(key.toString(), value.toString()));
        LoadOptions options;
        try {
            options = LoadOptions.from(properties, projectDir);
        } catch (IllegalArgumentException e) {
            System.err.println("load driver: " + e.getMessage());
            System.err.println(LoadOptions.usage());
            System.exit(2);
            return;
        }
        if (!options.serviceOutput()) {
            System.setOut(new ServiceOutputFilter(System.out));
        }
        System.out.print(options.describe(properties));
        options.notes().forEach(note -> System.out.println("note: " + note));
        int code;
        try {
            code = new LoadRun(options, projectDir).run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            code = 1;
        }
        // Exit explicitly: the embedded broker's threads would keep the JVM alive, and the stack's hook stops it.
        System.exit(code);
    }

    /** The checkout: the nearest directory at or above the working directory that holds the cdc-relay module. */
    static Path projectDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("cdc-relay"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the nostale checkout (no cdc-relay/ above "
                    + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }
}
