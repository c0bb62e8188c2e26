package io.nostale.load.product;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** One gateway exec jar to put under load, with the name reports give it. */
public record GatewayBuild(String label, Path jar) {

    public GatewayBuild {
        Objects.requireNonNull(label, "label");
        jar = jar.toAbsolutePath().normalize();
    }

    /**
     * Parses {@code load.gatewayJars}: comma-separated {@code [label=]path}. Without a label, a jar under
     * {@code <checkout>/gateway/target/} is named after its checkout's directory, any other after its file.
     */
    public static List<GatewayBuild> parse(String spec) {
        List<GatewayBuild> builds = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            Path jar = Path.of(eq > 0 ? trimmed.substring(eq + 1).trim() : trimmed);
            String label = eq > 0 ? trimmed.substring(0, eq).trim() : defaultLabel(jar);
            String unique = label;
            for (int n = 2; !labels.add(unique); n++) {
                unique = label + "#" + n;
            }
            builds.add(new GatewayBuild(unique, jar));
        }
        return builds;
    }

    /** This checkout's gateway: the newest {@code gateway/target/nostale-gateway-*-exec.jar}. */
    public static GatewayBuild ofCheckout(Path projectDir) {
        Path target = projectDir.resolve("gateway").resolve("target");
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(target, "nostale-gateway-*-exec.jar")) {
                found.forEach(jars::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path jar = jars.stream().max(Comparator.comparing(p -> p.toFile().lastModified()))
                .orElseThrow(() -> new IllegalStateException("no gateway exec jar in " + target
                        + "; build first: ./mvnw -B -q -DskipTests package"));
        return new GatewayBuild(defaultLabel(jar), jar);
    }

    static String defaultLabel(Path jar) {
        Path absolute = jar.toAbsolutePath().normalize();
        Path target = absolute.getParent();
        Path module = target == null ? null : target.getParent();
        Path checkout = module == null ? null : module.getParent();
        if (target != null && module != null && checkout != null && checkout.getFileName() != null
                && "target".equals(target.getFileName().toString()) && "gateway".equals(module.getFileName().toString())) {
            return checkout.getFileName().toString();
        }
        return absolute.getFileName().toString();
    }
}
