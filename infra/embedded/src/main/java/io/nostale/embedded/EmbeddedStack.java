package io.nostale.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL (logical replication on) and a real Kafka broker (KRaft), both on loopback ports, with their
 * data in one directory that survives restarts. Reachable by outside tools: {@code psql -h localhost -p <port>
 * -U nostale nostale} (password {@code nostale}) and Kafka's console tools with {@code --bootstrap-server}.
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);
    private static EmbeddedStack shared;

    private final StackSettings settings;
    private final PostgresServer postgres;
    private final KafkaBroker kafka;

    private EmbeddedStack(StackSettings settings) {
        this.settings = settings;
        this.postgres = new PostgresServer(settings.dataDir(), settings.postgresPort());
        this.kafka = new KafkaBroker(settings.dataDir(), settings.kafkaPort(), settings.kafkaControllerPort());
    }

    /** Starts PostgreSQL, then Kafka; data already in {@code settings.dataDir()} is kept. */
    public static EmbeddedStack start(StackSettings settings) {
        EmbeddedStack stack = new EmbeddedStack(settings);
        long started = System.nanoTime();
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the stack directory " + settings.dataDir(), e);
        }
        stack.postgres.start();
        try {
            stack.kafka.start();
        } catch (RuntimeException e) {
            stack.postgres.stop();
            throw e;
        }
        log.info("embedded stack up in {} ms: PostgreSQL localhost:{}, Kafka {}, data in {}",
                (System.nanoTime() - started) / 1_000_000, settings.postgresPort(), stack.kafkaBootstrapServers(),
                settings.dataDir());
        return stack;
    }

    /**
     * The one stack of this JVM, for tests: free ports, data in {@code ./target/embedded-stack} (wiped when first
     * started in this JVM, so every test run begins empty), closed by a shutdown hook.
     */
    public static synchronized EmbeddedStack shared() {
        if (shared == null) {
            Path dir = Path.of("target", "embedded-stack").toAbsolutePath();
            wipe(dir);
            EmbeddedStack stack = start(StackSettings.freePorts(dir));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "embedded-stack-shutdown"));
            shared = stack;
        }
        return shared;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + postgresHost() + ":" + postgresPort() + "/" + database();
    }

    public String postgresHost() {
        return "localhost";
    }

    public int postgresPort() {
        return settings.postgresPort();
    }

    public String database() {
        return PostgresServer.DATABASE;
    }

    public String username() {
        return PostgresServer.USER;
    }

    public String password() {
        return PostgresServer.PASSWORD;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public StackSettings settings() {
        return settings;
    }

    /** Stops and starts the broker: same data, same ports, returns when it answers again. */
    public void restartKafka() {
        kafka.stop();
        kafka.start();
    }

    /**
     * Stops the broker and leaves it down until {@link #startKafka()}: for tests of what the services report while
     * Kafka is away. A test on a shared stack must start it again and wait until the services are ready before it
     * ends (the generated histories' Kafka-unreachable fault does), so the next test finds the stack as it was.
     */
    public void stopKafka() {
        kafka.stop();
    }

    /** Starts the broker stopped by {@link #stopKafka()}: same data, same ports; returns when it answers. */
    public void startKafka() {
        kafka.start();
    }

    /** Stops PostgreSQL until {@link #startPostgres()}; as {@link #stopKafka()}, only on a stack of its own. */
    public void stopPostgres() {
        postgres.stop();
    }

    /** Starts PostgreSQL stopped by {@link #stopPostgres()}: same data (replication slots included), same port. */
    public void startPostgres() {
        postgres.start();
    }

    /** Stops and starts PostgreSQL: same data (replication slots included), same port. */
    public void restartPostgres() {
        postgres.stop();
        postgres.start();
    }

    /**
     * Replaces the PostgreSQL cluster by a restore of its database into a newly initialized one, as if restored from
     * a logical backup onto a new server: same port, same data (rows, sequences), but another system identifier,
     * WAL positions that start low again and no replication slots. {@code schema} creates the tables, functions,
     * triggers and publication in the empty database; every table of schema {@code public} is then copied as it is
     * (triggers off). The port is down from the first moment until the restored database is complete; the old
     * cluster stays on disk next to it ({@code postgres-before-restore-<millis>/}).
     */
    public void restorePostgresAsNewCluster(SchemaRestore schema) {
        new ClusterRestore(settings.dataDir(), postgres).run(schema);
    }

    /** Kafka first (it does not need PostgreSQL), then PostgreSQL; safe to call twice. */
    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            kafka.stop();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            postgres.stop();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void wipe(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            // a PostgreSQL left running in this directory by a killed test JVM would keep files open
            OrphanPostmaster.stopIfLeftBehind(dir.resolve("postgres"));
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + dir, e);
        }
    }
}
