package io.nostale.systemtest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * The floor of capture latency on this machine, measured beside the relay on the same commits: a bare pgoutput
 * stream of the same publication through PgJDBC's replication API (a temporary slot of its own), decoded just enough
 * to find each transaction's changes and its commit, each change produced as one record to a topic of its own by a
 * producer configured for latency (no linger, leader ack, no idempotence, nothing waited for), read back by the
 * same {@link TopicArrivals} reader as the product's change topic.
 *
 * <p>What it leaves out, and the relay does not: positions, JSON, Debezium's queue hand-off and polling, waiting for
 * every acknowledgement before reading on, offset commits. The slot is temporary: PostgreSQL drops it when the
 * replication connection ends, also when this JVM dies, so it never retains WAL; {@link #close()} checks that it is
 * gone and drops it if not.
 */
final class FloorPath implements AutoCloseable {

    static final String SLOT = "nostale_bench_floor";
    static final String TOPIC = "nostale.bench.floor";
    private static final String PUBLICATION = "nostale";

    private final SystemUnderTest sut;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong acknowledgedLsn = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Connection replication;
    private final PGReplicationStream stream;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Thread streamThread;
    private TopicArrivals arrivals;

    private FloorPath(SystemUnderTest sut) throws Exception {
        this.sut = sut;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", sut.stack.kafkaBootstrapServers()))) {
            if (!admin.listTopics().names().get().contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            }
        }
        producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", sut.stack.kafkaBootstrapServers(),
                "client.id", "bench-floor",
                "acks", "1",
                "linger.ms", 0,
                "enable.idempotence", false),
                new ByteArraySerializer(), new ByteArraySerializer());
        Properties properties = new Properties();
        PGProperty.USER.set(properties, sut.stack.username());
        PGProperty.PASSWORD.set(properties, sut.stack.password());
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
        PGProperty.REPLICATION.set(properties, "database");
        PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
        PGProperty.APPLICATION_NAME.set(properties, "nostale-bench-floor");
        replication = DriverManager.getConnection(sut.stack.jdbcUrl(), properties);
        PGConnection pg = replication.unwrap(PGConnection.class);
        pg.getReplicationAPI().createReplicationSlot().logical().withSlotName(SLOT).withOutputPlugin("pgoutput")
                .withTemporaryOption().make();
        stream = pg.getReplicationAPI().replicationStream().logical().withSlotName(SLOT)
                .withSlotOption("proto_version", 1)
                .withSlotOption("publication_names", PUBLICATION)
                .withStatusInterval(1, TimeUnit.SECONDS)
                .start();
        streamThread = new Thread(this::relay, "bench-floor-stream");
        streamThread.setDaemon(true);
    }

    /** Creates the slot and the topic, starts streaming; returns once the consumer reads from the topic's end. */
    static FloorPath start(SystemUnderTest sut) throws Exception {
        FloorPath floor = new FloorPath(sut);
        try {
            floor.arrivals = TopicArrivals.start(sut.stack.kafkaBootstrapServers(), TOPIC, FloorPath::benchTitle);
        } catch (Exception | Error e) {
            floor.close();
            throw e;
        }
        floor.streamThread.start();
        return floor;
    }

    /** When each benchmark title (the new {@code chat_room.title}) was first read from the floor topic, nanoTime. */
    Map<String, Long> arrivedAt() {
        Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("the floor's stream failed", failed);
        }
        return arrivals.arrivedAt();
    }

    /** pgoutput → one record per change, sent when the transaction's commit arrives. */
    private void relay() {
        List<byte[]> transaction = new ArrayList<>();
        try {
            while (running.get()) {
                long acknowledged = acknowledgedLsn.get();
                if (acknowledged != 0) {
                    stream.setAppliedLSN(LogSequenceNumber.valueOf(acknowledged));
                    stream.setFlushedLSN(LogSequenceNumber.valueOf(acknowledged));
                }
                ByteBuffer message = stream.read(); // blocks until the next message: no polling interval
                if (message == null) {
                    continue;
                }
                int offset = message.arrayOffset() + message.position();
                byte[] bytes = message.array();
                int length = message.remaining();
                switch (bytes[offset]) {
                    case 'B' -> transaction.clear();
                    case 'I', 'U', 'D' -> {
                        byte[] change = new byte[length];
                        System.arraycopy(bytes, offset, change, 0, length);
                        transaction.add(change);
                    }
                    case 'C' -> {
                        long commitLsn = stream.getLastReceiveLSN().asLong();
                        for (byte[] change : transaction) {
                            producer.send(new ProducerRecord<>(TOPIC, 0, null, change), (metadata, error) -> {
                                if (error != null) {
                                    failure.compareAndSet(null, error);
                                } else {
                                    acknowledgedLsn.accumulateAndGet(commitLsn, Math::max);
                                }
                            });
                        }
                        transaction.clear();
                    }
                    default -> {
                        // relation, type, origin, truncate, message: nothing the floor needs
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            if (running.get()) { // close() ends the session under the blocking read
                failure.compareAndSet(null, e);
            }
        }
    }

    /** The new row's text value starting with {@code bench-} of a pgoutput Insert or Update, if any. */
    static String benchTitle(byte[] change) {
        ByteBuffer in = ByteBuffer.wrap(change);
        byte kind = in.get();
        if (kind != 'U' && kind != 'I') {
            return null;
        }
        in.getInt(); // relation id
        byte part = in.get();
        if (part == 'K' || part == 'O') { // the old row (REPLICA IDENTITY FULL), then the new one
            skipTuple(in);
            part = in.get();
        }
        if (part != 'N') {
            throw new IllegalArgumentException("pgoutput change without a new tuple: '" + (char) part + "' in "
                    + HexFormat.of().formatHex(change));
        }
        int columns = in.getShort();
        for (int i = 0; i < columns; i++) {
            byte type = in.get();
            if (type == 't' || type == 'b') {
                int length = in.getInt();
                String value = new String(change, in.position(), length, StandardCharsets.UTF_8);
                in.position(in.position() + length);
                if (type == 't' && value.startsWith("bench-")) {
                    return value;
                }
            }
        }
        return null;
    }

    private static void skipTuple(ByteBuffer in) {
        int columns = in.getShort();
        for (int i = 0; i < columns; i++) {
            byte type = in.get();
            if (type == 't' || type == 'b') {
                int length = in.getInt();
                in.position(in.position() + length);
            }
        }
    }

    /**
     * Ends the replication session from the server side (a blocking read returns only with a message), which drops
     * the temporary slot, then checks that it is gone; drops it if it is not.
     */
    @Override
    public void close() throws Exception {
        running.set(false);
        try (Connection connection = sut.connect()) {
            try (PreparedStatement terminate = connection.prepareStatement(
                    "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = ? AND active_pid IS NOT NULL")) {
                terminate.setString(1, SLOT);
                terminate.execute();
            }
            streamThread.join(TimeUnit.SECONDS.toMillis(10));
            if (arrivals != null) {
                arrivals.close();
            }
            try {
                replication.close();
            } catch (SQLException e) {
                // already ended by the server
            }
            producer.close(Duration.ofSeconds(5));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (slotExists(connection) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (slotExists(connection)) {
                try (PreparedStatement drop = connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                    drop.setString(1, SLOT);
                    drop.execute();
                }
            }
            if (slotExists(connection)) {
                throw new IllegalStateException("the floor's replication slot " + SLOT + " is still there");
            }
        }
    }

    private static boolean slotExists(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, SLOT);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }
}
