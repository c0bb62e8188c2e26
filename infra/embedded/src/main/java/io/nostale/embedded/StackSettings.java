package io.nostale.embedded;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where the embedded stack keeps its data and which loopback ports it listens on.
 *
 * @param dataDir             holds {@code postgres/} (the PostgreSQL cluster) and {@code kafka/} (the broker's log dir)
 * @param postgresPort        PostgreSQL TCP port
 * @param kafkaPort           Kafka PLAINTEXT listener (clients, console tools)
 * @param kafkaControllerPort KRaft controller listener
 */
public record StackSettings(Path dataDir, int postgresPort, int kafkaPort, int kafkaControllerPort) {

    public static final int DEFAULT_POSTGRES_PORT = 54329;
    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 19093;

    public StackSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        dataDir = dataDir.toAbsolutePath().normalize();
        requirePort("postgresPort", postgresPort);
        requirePort("kafkaPort", kafkaPort);
        requirePort("kafkaControllerPort", kafkaControllerPort);
        if (postgresPort == kafkaPort || postgresPort == kafkaControllerPort || kafkaPort == kafkaControllerPort) {
            throw new IllegalArgumentException("the three ports must differ, got postgres " + postgresPort
                    + ", kafka " + kafkaPort + ", kafka controller " + kafkaControllerPort);
        }
    }

    /** The default ports: PostgreSQL 54329, Kafka 19092, controller 19093. */
    public static StackSettings defaults(Path dataDir) {
        return new StackSettings(dataDir, DEFAULT_POSTGRES_PORT, DEFAULT_KAFKA_PORT, DEFAULT_KAFKA_CONTROLLER_PORT);
    }

    /** Three currently free loopback ports, for tests that must not collide with a running stack. */
    public static StackSettings freePorts(Path dataDir) {
        List<Integer> ports = Ports.free(3);
        return new StackSettings(dataDir, ports.get(0), ports.get(1), ports.get(2));
    }

    private static void requirePort(String name, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 1..65535, got " + port);
        }
    }
}
