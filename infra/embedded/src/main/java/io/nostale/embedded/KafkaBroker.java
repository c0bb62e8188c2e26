package io.nostale.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single Kafka node in KRaft combined mode (broker + controller) inside this JVM. The log directory and the
 * cluster id live in the stack directory, so a restart (of the broker or of the JVM) finds its topics again.
 */
final class KafkaBroker {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path logDir;
    private final Path clusterIdFile;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    KafkaBroker(Path stackDir, int port, int controllerPort) {
        this.logDir = stackDir.resolve("kafka");
        this.clusterIdFile = stackDir.resolve("kafka-cluster-id");
        this.port = port;
        this.controllerPort = controllerPort;
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("Kafka is already running on port " + port);
        }
        Ports.requireFree(port, "embedded Kafka");
        Ports.requireFree(controllerPort, "embedded Kafka controller");
        try {
            Files.createDirectories(logDir);
            String clusterId = clusterId();
            KafkaConfig config = new KafkaConfig(properties(), false);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(clusterId);
            }
            KafkaRaftServer raftServer = new KafkaRaftServer(config, Time.SYSTEM);
            raftServer.startup();
            server = raftServer;
            awaitReady();
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("Kafka did not start on port " + port + " (controller " + controllerPort
                    + ", log dir " + logDir + "): " + e.getMessage(), e);
        }
    }

    synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
        }
    }

    synchronized boolean isRunning() {
        return server != null;
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            log.warn("Kafka did not shut down cleanly after a failed start", e);
        }
    }

    private Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("process.roles", "broker,controller");
        p.put("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        // a static single voter: kraft.version 0, nothing to bootstrap beyond the formatted log dir
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    private void format(String clusterId) throws Exception {
        log.info("formatting Kafka storage in {} for cluster {}", logDir, clusterId);
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(clusterId)
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .run();
    }

    /** Stored next to the log dir so the id is the same after a restart (it must match meta.properties). */
    private String clusterId() throws IOException {
        if (Files.exists(clusterIdFile)) {
            return Files.readString(clusterIdFile).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(clusterIdFile, id + System.lineSeparator());
        return id;
    }

    /** startup() returns before the broker serves clients reliably; wait until an admin client sees it. */
    private void awaitReady() throws InterruptedException {
        Map<String, Object> props = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        Exception last = null;
        try (Admin admin = Admin.create(props)) {
            while (Instant.now().isBefore(deadline)) {
                try {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " did not answer describeCluster within "
                + READY_TIMEOUT.toSeconds() + " s", last);
    }
}
