package io.nostale.embedded.launch;

import io.nostale.embedded.StackSettings;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The loopback ports the launcher runs everything on; each can be set by a flag or an environment variable
 * ({@link Port}). The renderer's and the gateway's management ports are their port + 1000, as the services default
 * them (docs/operations.md); all eight ports must differ.
 */
record LaunchPorts(int postgres, int kafka, int kafkaController, int renderer, int gateway, int relay) {

    /** One settable port: its flag, its variable, its default. */
    enum Port {
        POSTGRES("--pg-port", "NOSTALE_PG_PORT", StackSettings.DEFAULT_POSTGRES_PORT),
        KAFKA("--kafka-port", "NOSTALE_KAFKA_PORT", StackSettings.DEFAULT_KAFKA_PORT),
        KAFKA_CONTROLLER("--kafka-controller-port", "NOSTALE_KAFKA_CONTROLLER_PORT",
                StackSettings.DEFAULT_KAFKA_CONTROLLER_PORT),
        RENDERER("--renderer-port", "NOSTALE_RENDERER_PORT", 8080),
        GATEWAY("--gateway-port", "NOSTALE_GATEWAY_PORT", 8081),
        RELAY("--relay-port", "NOSTALE_RELAY_PORT", 9082); // its management port: the relay serves nothing else

        final String flag;
        final String variable;
        final int defaultPort;

        Port(String flag, String variable, int defaultPort) {
            this.flag = flag;
            this.variable = variable;
            this.defaultPort = defaultPort;
        }
    }

    static final LaunchPorts DEFAULTS = of(Map.of());

    LaunchPorts {
        Map<Integer, String> taken = new HashMap<>();
        claim(taken, postgres, "PostgreSQL (" + Port.POSTGRES.flag + ")");
        claim(taken, kafka, "Kafka (" + Port.KAFKA.flag + ")");
        claim(taken, kafkaController, "the Kafka controller (" + Port.KAFKA_CONTROLLER.flag + ")");
        claim(taken, renderer, "the renderer (" + Port.RENDERER.flag + ")");
        claim(taken, renderer + ProductSettings.MANAGEMENT_OFFSET,
                "the renderer's management port (" + Port.RENDERER.flag + " + 1000)");
        claim(taken, gateway, "the gateway (" + Port.GATEWAY.flag + ")");
        claim(taken, gateway + ProductSettings.MANAGEMENT_OFFSET,
                "the gateway's management port (" + Port.GATEWAY.flag + " + 1000)");
        claim(taken, relay, "the cdc-relay (" + Port.RELAY.flag + ")");
    }

    /** The given ports, the others at their defaults. */
    static LaunchPorts of(Map<Port, Integer> given) {
        Map<Port, Integer> p = new EnumMap<>(Port.class);
        for (Port port : Port.values()) {
            p.put(port, given.getOrDefault(port, port.defaultPort));
        }
        return new LaunchPorts(p.get(Port.POSTGRES), p.get(Port.KAFKA), p.get(Port.KAFKA_CONTROLLER),
                p.get(Port.RENDERER), p.get(Port.GATEWAY), p.get(Port.RELAY));
    }

    /** A port as typed after {@code source} (a flag or a variable). */
    static int parse(String text, String source) {
        int port;
        try {
            port = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " must be a port number, got '"
                    + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(source + " must be 1..65535, got " + port);
        }
        return port;
    }

    StackSettings stackSettings(Path dir) {
        return new StackSettings(dir, postgres, kafka, kafkaController);
    }

    int rendererManagement() {
        return renderer + ProductSettings.MANAGEMENT_OFFSET;
    }

    int gatewayManagement() {
        return gateway + ProductSettings.MANAGEMENT_OFFSET;
    }

    private static void claim(Map<Integer, String> taken, int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 1..65535, got " + port);
        }
        String other = taken.putIfAbsent(port, what);
        if (other != null) {
            throw new IllegalArgumentException(what + " and " + other + " would both use port " + port
                    + "; give one of them another");
        }
    }
}
