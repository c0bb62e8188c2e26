package io.nostale.embedded.launch;

import io.nostale.embedded.Ports;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run the three services.
 *
 * @param projectDir   the checkout; exec jars are looked up under {@code <module>/target/}
 * @param rendererPort HTTP port of the renderer (pages)
 * @param gatewayPort  HTTP/WebSocket port of the gateway ({@code /live})
 * @param relayPort    management port (health and metrics, its only port) of the cdc-relay
 * @param tokenKeys    signing keys shared by renderer and gateway, {@code id:base64secret[,...]}
 * @param demoData     run the renderer with the {@code demo} profile (demo users, rooms, messages)
 * @param logDir       one {@code <service>.log} per service
 * @param extraEnv     environment variables added to every service (each reads only its own prefix), e.g. a
 *                     test's {@code NOSTALE_RELAY_OFFSETS_FLUSH_INTERVAL}; they win over the defaults
 * @param rendererManagementPort health and metrics of the renderer (never on its public port)
 * @param gatewayManagementPort  health and metrics of the gateway (never on its public port)
 */
public record ProductSettings(Path projectDir, int rendererPort, int gatewayPort, int relayPort, String tokenKeys,
                              boolean demoData, Path logDir, Map<String, String> extraEnv,
                              int rendererManagementPort, int gatewayManagementPort) {

    /** Management ports as the services default them: their public port + 1000. */
    public ProductSettings(Path projectDir, int rendererPort, int gatewayPort, int relayPort, String tokenKeys,
            boolean demoData, Path logDir) {
        this(projectDir, rendererPort, gatewayPort, relayPort, tokenKeys, demoData, logDir, Map.of());
    }

    /** Management ports as the services default them: their public port + 1000. */
    public ProductSettings(Path projectDir, int rendererPort, int gatewayPort, int relayPort, String tokenKeys,
            boolean demoData, Path logDir, Map<String, String> extraEnv) {
        this(projectDir, rendererPort, gatewayPort, relayPort, tokenKeys, demoData, logDir, extraEnv,
                rendererPort + MANAGEMENT_OFFSET, gatewayPort + MANAGEMENT_OFFSET);
    }

    /** A service's default management port is its public port + this. */
    public static final int MANAGEMENT_OFFSET = 1000;

    /** The same settings with {@code env} added to every service's environment. */
    public ProductSettings withExtraEnv(Map<String, String> env) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(extraEnv);
        merged.putAll(env);
        return new ProductSettings(projectDir, rendererPort, gatewayPort, relayPort, tokenKeys, demoData, logDir, merged,
                rendererManagementPort, gatewayManagementPort);
    }

    public ProductSettings {
        Objects.requireNonNull(projectDir, "projectDir");
        Objects.requireNonNull(tokenKeys, "tokenKeys");
        Objects.requireNonNull(logDir, "logDir");
        extraEnv = Map.copyOf(Objects.requireNonNull(extraEnv, "extraEnv"));
        projectDir = projectDir.toAbsolutePath().normalize();
        logDir = logDir.toAbsolutePath().normalize();
        if (tokenKeys.isBlank()) {
            throw new IllegalArgumentException("tokenKeys must not be blank; see Product.generateTokenKeys()");
        }
    }

    /**
     * Free ports for the three services (public and management) and fresh token keys: for tests running beside a
     * launched product.
     */
    public static ProductSettings withFreePorts(Path projectDir, boolean demoData, Path logDir) {
        List<Integer> ports = Ports.free(5);
        return new ProductSettings(projectDir, ports.get(0), ports.get(1), ports.get(2), Product.generateTokenKeys(),
                demoData, logDir, Map.of(), ports.get(3), ports.get(4));
    }

    // the token keys are a secret: keep them out of logs and assertion messages
    @Override
    public String toString() {
        return "ProductSettings[projectDir=" + projectDir + ", rendererPort=" + rendererPort + ", gatewayPort="
                + gatewayPort + ", relayPort=" + relayPort + ", rendererManagementPort=" + rendererManagementPort
                + ", gatewayManagementPort=" + gatewayManagementPort + ", tokenKeys=<redacted>, demoData=" + demoData
                + ", logDir=" + logDir + ", extraEnv=" + extraEnv.keySet() + "]";
    }
}
