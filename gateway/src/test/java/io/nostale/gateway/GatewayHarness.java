package io.nostale.gateway;

import static org.awaitility.Awaitility.await;

import io.nostale.embedded.EmbeddedStack;
import io.nostale.gateway.stream.TailFollower;
import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Lsn;
import io.nostale.wire.Operation;
import io.nostale.wire.RecordKind;
import io.nostale.wire.SigningKeys;
import io.nostale.wire.StreamStart;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.SubscriptionTokens;
import io.nostale.wire.Timepoint;
import io.nostale.wire.TruncateEvent;
import io.nostale.wire.XidSnapshot;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A gateway on its own topic of the embedded Kafka, a producer that writes change records the way the relay does,
 * and page tokens: what a gateway test needs besides its clients. Each instance owns one topic, so test classes
 * that share the embedded stack do not see each other's records.
 */
final class GatewayHarness implements AutoCloseable {

    static final String ORIGIN = "http://localhost:8080";
    static final String KEYS = "it:" + Base64.getEncoder()
            .encodeToString("gateway-harness-secret-0123456789ab".getBytes(StandardCharsets.UTF_8));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Pages are read after the capture started at 1/0. */
    private static final Lsn PAGE_LSN = Lsn.parse("FF/0");

    private final String topic;
    private final KafkaProducer<String, String> producer;
    private final SubscriptionTokens tokens = new SubscriptionTokens(SigningKeys.parse(KEYS), Clock.systemUTC());
    private final AtomicLong lsn = new AtomicLong(0x100_0000_0000L);
    private final List<String> arguments;
    private ConfigurableApplicationContext gateway;
    private long heartbeatMillis = Long.MIN_VALUE;

    /** A page's token and timepoint, as the renderer puts them into the page. */
    record Page(String token, String timepoint) {

        String subscribeFrame() {
            return "{\"type\":\"subscribe\",\"token\":\"" + token + "\",\"timepoint\":\"" + timepoint + "\"}";
        }
    }

    private GatewayHarness(String topic, KafkaProducer<String, String> producer, List<String> arguments) {
        this.topic = topic;
        this.producer = producer;
        this.arguments = arguments;
    }

    /**
     * Creates {@code topic} with a capture start an hour ago and starts a gateway on it; {@code settings} are extra
     * {@code --nostale.gateway.*=...} arguments.
     */
    static GatewayHarness start(String topic, String... settings) throws Exception {
        GatewayHarness harness = prepare(topic, settings);
        harness.createTopic();
        harness.startGateway(0);
        return harness;
    }

    /**
     * Starts a gateway on {@code topic} before the topic exists: it runs but does not follow a change stream until
     * {@link #createTopic()}.
     */
    static GatewayHarness startBeforeTopic(String topic, String... settings) {
        GatewayHarness harness = prepare(topic, settings);
        harness.gateway = harness.run(0);
        return harness;
    }

    private static GatewayHarness prepare(String topic, String... settings) {
        EmbeddedStack stack = EmbeddedStack.shared();
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        List<String> arguments = new ArrayList<>(List.of(
                "--nostale.gateway.kafka-bootstrap-servers=" + stack.kafkaBootstrapServers(),
                "--nostale.gateway.topic=" + topic,
                "--nostale.gateway.token-keys=" + KEYS,
                "--nostale.gateway.allowed-origins=" + ORIGIN));
        arguments.addAll(List.of(settings));
        return new GatewayHarness(topic, new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer()),
                arguments);
    }

    /** Creates the topic with a capture start an hour ago. */
    void createTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", EmbeddedStack.shared().kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        long anHourAgo = System.currentTimeMillis() - 3_600_000;
        send(RecordKind.STREAM_START, JSON.writeValueAsString(new StreamStart("it", "1", "1/0", anHourAgo)), anHourAgo);
    }

    /** Starts the gateway (again) on {@code port} (0: any free port) and waits until it follows the topic. */
    void startGateway(int port) {
        gateway = run(port);
        awaitFollowing();
    }

    void awaitFollowing() {
        await().atMost(Duration.ofSeconds(30)).until(() -> gateway.getBean(TailFollower.class).isFollowing());
    }

    private ConfigurableApplicationContext run(int port) {
        List<String> args = new ArrayList<>(arguments);
        args.add("--server.port=" + port);
        args.add("--management.server.port=0"); // never server.port + 1000: a restart on a fixed port must not clash
        return new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
    }

    /** Stops the gateway the way an operator does (graceful shutdown: open pages are told to go away). */
    void stopGateway() {
        gateway.close();
    }

    int port() {
        return Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
    }

    /** Health and metrics: the gateway's management port (never its public one). */
    int managementPort() {
        return Integer.parseInt(gateway.getEnvironment().getProperty("local.management.port"));
    }

    /** One scrape of {@code /actuator/prometheus} on the management port. */
    io.nostale.embedded.Prometheus prometheus() {
        return io.nostale.embedded.Prometheus.scrape(managementPort());
    }

    URI live() {
        return URI.create("ws://localhost:" + port() + "/live");
    }

    <T> T bean(Class<T> type) {
        return gateway.getBean(type);
    }

    double counter(String name, String... tags) {
        return bean(io.micrometer.core.instrument.MeterRegistry.class).counter(name, tags).count();
    }

    Page page(long user, XidSnapshot snapshot) {
        return page(user, "home", snapshot);
    }

    /** A page named {@code name} ({@code rooms}, {@code room:42}, ...) with the grants the renderer found. */
    Page page(long user, String name, XidSnapshot snapshot, io.nostale.wire.PageGrant... grants) {
        Timepoint timepoint = new Timepoint(PAGE_LSN, snapshot, Instant.now());
        String token = tokens.sign(new SubscriptionClaims(user, name, timepoint, Instant.now().plusSeconds(600),
                java.util.Set.of(grants)));
        heartbeatAfter(timepoint.readAt().toEpochMilli());
        return new Page(token, timepoint.toString());
    }

    /**
     * The relay's heartbeat as it follows a page's read: the gateway sends {@code caught-up} only once the stream has
     * passed the page's read point. One heartbeat serves every page read before it, so a test reading thousands of
     * pages writes at most one per millisecond.
     */
    private synchronized void heartbeatAfter(long readAtMillis) {
        if (heartbeatMillis > readAtMillis) {
            return;
        }
        heartbeatMillis = readAtMillis + 1;
        long txn = lsn.addAndGet(0x100);
        ChangeEvent beat = new ChangeEvent(ChangeEvent.HEARTBEAT_TABLE, Operation.UPDATE, 1, new Lsn(txn + 1).toString(),
                new Lsn(txn) + "#" + new Lsn(txn + 1), heartbeatMillis, Map.of("id", 1), Map.of("id", 1));
        // Not waited for: tests read hundreds of pages in a row while their sockets wait for the subscribe frames.
        // One producer, sends under this lock: the topic keeps the order of the positions.
        producer.send(record(RecordKind.CHANGE, JSON.writeValueAsString(beat), heartbeatMillis));
    }

    /** A change of {@code table} committed by transaction {@code xid} at the next position; returns its offset. */
    synchronized long emit(long xid, String table, Operation op, Map<String, Object> before, Map<String, Object> after) throws Exception {
        long now = System.currentTimeMillis();
        long txn = lsn.addAndGet(0x100);
        ChangeEvent event = new ChangeEvent(table, op, xid, new Lsn(txn + 1).toString(), new Lsn(txn) + "#" + new Lsn(txn + 1),
                now, before, after);
        return send(RecordKind.CHANGE, JSON.writeValueAsString(event), now).offset();
    }

    /**
     * One {@code TRUNCATE} statement of transaction {@code xid} at the next position: one record per table, all at that
     * position, as the relay writes them; returns their offsets once written.
     */
    List<Long> emitTruncate(long xid, String... tables) throws Exception {
        long now = System.currentTimeMillis();
        long txn = lsn.addAndGet(0x100);
        List<Long> offsets = new ArrayList<>();
        for (String table : tables) {
            TruncateEvent event = new TruncateEvent(table, xid, new Lsn(txn + 1).toString(),
                    new Lsn(txn) + "#" + new Lsn(txn + 1), now);
            offsets.add(send(RecordKind.TRUNCATE, JSON.writeValueAsString(event), now).offset());
        }
        return offsets;
    }

    /** The same as {@link #emit}, not waited for (tests write thousands of them); {@link #flush()} sends them. */
    synchronized java.util.concurrent.Future<RecordMetadata> emitAsync(long xid, String table, Operation op, Map<String, Object> before,
            Map<String, Object> after) throws Exception {
        long now = System.currentTimeMillis();
        long txn = lsn.addAndGet(0x100);
        ChangeEvent event = new ChangeEvent(table, op, xid, new Lsn(txn + 1).toString(), new Lsn(txn) + "#" + new Lsn(txn + 1),
                now, before, after);
        return producer.send(record(RecordKind.CHANGE, JSON.writeValueAsString(event), now));
    }

    /** A join request of {@code user} committed by transaction {@code xid}; returns its offset once written. */
    long change(long xid, long user) throws Exception {
        return changeWith(xid, user, "").get(10, TimeUnit.SECONDS).offset();
    }

    /** The same with a {@code note} column of {@code body}, not waited for (tests write thousands of them). */
    synchronized java.util.concurrent.Future<RecordMetadata> changeWith(long xid, long user, String body) throws Exception {
        long now = System.currentTimeMillis();
        long txn = lsn.addAndGet(0x100);
        String position = new Lsn(txn) + "#" + new Lsn(txn + 1);
        Map<String, Object> row = body.isEmpty()
                ? Map.of("id", 1, "room_id", 1, "user_id", user, "status", "pending")
                : Map.of("id", 1, "room_id", 1, "user_id", user, "status", "pending", "note", body);
        ChangeEvent event = new ChangeEvent("chat_room_join_request", Operation.INSERT, xid,
                new Lsn(txn + 1).toString(), position, now, Map.of(), row);
        return producer.send(record(RecordKind.CHANGE, JSON.writeValueAsString(event), now));
    }

    /** A record of {@code kind} with {@code value} as it is, however wrong; returns its offset once written. */
    long emitRaw(RecordKind kind, String value) throws Exception {
        return send(kind, value, System.currentTimeMillis()).offset();
    }

    private RecordMetadata send(RecordKind kind, String value, long timestamp) throws Exception {
        return producer.send(record(kind, value, timestamp)).get(10, TimeUnit.SECONDS);
    }

    private ProducerRecord<String, String> record(RecordKind kind, String value, long timestamp) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, 0, timestamp, "k", value);
        record.headers().add(RecordKind.HEADER, kind.headerValue().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        if (gateway != null && gateway.isActive()) {
            gateway.close();
        }
        producer.close();
    }
}
