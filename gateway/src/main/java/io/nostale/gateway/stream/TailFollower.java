package io.nostale.gateway.stream;

import io.nostale.gateway.GatewayProperties;
import io.nostale.wire.ChangeTopicRules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one consumer that follows the end of the change topic for the whole gateway and appends what it reads
 * to the shared {@link ChangeLog}; every live connection is served from there, never from a consumer of its own.
 * Each topic it adopts is checked first ({@link ChangeTopicRules}): on a topic that is not what the stream needs (more
 * than one partition, {@code LogAppendTime}, compaction, retention below the visibility window) the gateway refuses to
 * run, saying which topic setting is wrong, instead of retrying forever or serving wrong replays.
 */
@Component
public class TailFollower implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TailFollower.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    /** How often the tail checks that the topic it follows is still the same topic (not deleted and recreated). */
    private static final Duration IDENTITY_CHECK = Duration.ofSeconds(2);
    private static final Duration BACKPRESSURE_PAUSE = Duration.ofMillis(5);
    /**
     * How long the tail may go without an answer from Kafka before the gateway counts as cut off from its change
     * stream (readiness DOWN): three identity checks missed.
     */
    static final Duration CONTACT_TIMEOUT = IDENTITY_CHECK.multipliedBy(3);

    private final GatewayProperties properties;
    private final KafkaClients clients;
    private final TopicRecords decoder;
    private final ChangeLog changeLog;
    private final TailListener listener;
    private final FatalExit fatalExit;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile Optional<String> streamId = Optional.empty();
    /** When Kafka last answered the tail (topic described, offsets read, records fetched); 0: never. */
    private volatile long lastContactNanos;
    private boolean loggedBackpressure;

    TailFollower(GatewayProperties properties, KafkaClients clients, TopicRecords decoder, ChangeLog changeLog,
            TailListener listener, FatalExit fatalExit) {
        this.properties = properties;
        this.fatalExit = fatalExit;
        this.clients = clients;
        this.decoder = decoder;
        this.changeLog = changeLog;
        this.listener = listener;
    }

    /** The change topic's id once known: it changes when the topic is recreated, invalidating every offset. */
    public Optional<String> streamId() {
        return streamId;
    }

    public TopicPartition partition() {
        return new TopicPartition(properties.topic(), 0);
    }

    /** True once the topic was found and the tail is reading it. */
    public boolean isFollowing() {
        return changeLog.headOffset() >= 0 && running;
    }

    /**
     * How long ago Kafka last answered the tail, or empty if it never did. A tail that follows gets an answer at least
     * every {@code IDENTITY_CHECK} (2 s); one that got none for {@link #CONTACT_TIMEOUT} is cut off from the stream,
     * even though the pages it holds stay open and its in-memory log still serves their catch-ups.
     */
    public Optional<Duration> sinceContact() {
        long last = lastContactNanos;
        return last == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - last));
    }

    /** Following the topic and heard from Kafka within {@link #CONTACT_TIMEOUT}: what readiness reports. */
    public boolean isInContact() {
        return isFollowing() && sinceContact().map(since -> since.compareTo(CONTACT_TIMEOUT) < 0).orElse(false);
    }

    private void contact() {
        lastContactNanos = System.nanoTime();
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "change-tail");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread follower = thread;
        if (follower != null) {
            try {
                follower.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Start before the web server accepts sockets, stop after the sessions were told to go.
        return Integer.MIN_VALUE + 1000;
    }

    private void run() {
        try (Admin admin = clients.admin()) {
            while (running) {
                try {
                    adopt(awaitTopic(admin));
                    follow(admin);
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    log.error("Following change topic {} failed; retrying in {}: {}", properties.topic(), RETRY, e.toString());
                    pause();
                }
            }
        }
    }

    /** Starts following topic {@code id}; if it replaced the topic followed so far, every page must resync. */
    private void adopt(String id) {
        Optional<String> previous = streamId;
        if (previous.isPresent() && !previous.get().equals(id)) {
            log.warn("Change topic {} was recreated (id {} is now {}): telling every page to resync",
                    properties.topic(), previous.get(), id);
            streamId = Optional.empty();
            listener.streamReplaced("the change topic was recreated");
            changeLog.reset();
        }
        streamId = Optional.of(id);
    }

    private String awaitTopic(Admin admin) {
        while (running) {
            Optional<Described> topic = describe(admin).filter(found -> fitToFollow(admin, found));
            if (topic.isPresent()) {
                return topic.get().id();
            }
            if (!running) {
                break;
            }
            log.warn("Change topic {} not available yet; the relay creates it. Retrying.", properties.topic());
            pause();
        }
        throw new WakeupException();
    }

    /** The topic's id and partition count, as Kafka describes it now; empty while it does not exist. */
    private record Described(String id, int partitions) {
    }

    private Optional<Described> describe(Admin admin) {
        try {
            TopicDescription description = admin.describeTopics(List.of(properties.topic())).allTopicNames().get()
                    .get(properties.topic());
            contact();
            return Optional.of(new Described(description.topicId().toString(), description.partitions().size()));
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    /**
     * True if {@code topic} is fit to follow; otherwise stops the gateway (exit code 1) with one line naming what is
     * wrong, and returns false. Its configs are read now: an existing topic, not the one the relay would create.
     */
    private boolean fitToFollow(Admin admin, Described topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, properties.topic());
        Config config;
        try {
            config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        } catch (ExecutionException e) {
            return false; // gone again, or Kafka did not answer: looked at again on the next attempt
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
        Map<String, String> values = config.entries().stream().filter(entry -> entry.value() != null)
                .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value, (a, b) -> a));
        List<ChangeTopicRules.Violation> violations =
                ChangeTopicRules.violations(topic.partitions(), values, properties.visibilityWindow());
        if (violations.isEmpty()) {
            return true;
        }
        running = false;
        fatalExit.exit(ChangeTopicRules.describe(properties.topic(), violations) + ". Fix the topic, or point"
                + " nostale.gateway.topic (NOSTALE_GATEWAY_TOPIC) at one that is fit");
        return false;
    }

    private void follow(Admin admin) {
        try (KafkaConsumer<String, String> tail = clients.consumer("nostale-gateway-tail", 2_000)) {
            consumer = tail;
            TopicPartition partition = partition();
            tail.assign(List.of(partition));
            long end = tail.endOffsets(List.of(partition)).get(partition);
            long beginning = tail.beginningOffsets(List.of(partition)).get(partition);
            // Preload recent history, as much as the log holds, so that pages rendered or last connected before a
            // restart catch up from memory: a reconnect storm then costs no Kafka read.
            long start = Math.max(beginning, end - (properties.logCapacity() - 2));
            if (changeLog.headOffset() < 0) {
                changeLog.startAt(start, start == beginning);
            }
            tail.seek(partition, changeLog.headOffset());
            contact();
            log.info("Following {} (stream {}) from offset {} (end {})", properties.topic(), streamId.orElseThrow(),
                    changeLog.headOffset(), end);
            long nextIdentityCheck = System.nanoTime() + IDENTITY_CHECK.toNanos();
            while (running) {
                if (System.nanoTime() > nextIdentityCheck) {
                    Optional<Described> now = describe(admin);
                    if (!now.map(Described::id).equals(streamId) || now.get().partitions() != 1) {
                        return; // deleted, recreated or repartitioned: run() checks and adopts whatever exists now
                    }
                    nextIdentityCheck = System.nanoTime() + IDENTITY_CHECK.toNanos();
                }
                if (!changeLog.hasRoom()) {
                    awaitDispatch();
                    continue;
                }
                appendPolled(tail.poll(Duration.ofMillis(200)), partition, tail);
            }
        } finally {
            consumer = null;
        }
    }

    /**
     * Appends what one poll returned. Stops early when the log is full of records the live dispatcher has not handed
     * out yet: the consumer is rewound to the first record not appended, so nothing is skipped.
     */
    private void appendPolled(ConsumerRecords<String, String> polled, TopicPartition partition,
            KafkaConsumer<String, String> tail) {
        if (!polled.isEmpty()) {
            contact();
        }
        for (ConsumerRecord<String, String> record : polled) {
            if (!changeLog.hasRoom()) {
                changeLog.advanceHead(record.offset());
                listener.tailAdvanced();
                tail.seek(partition, record.offset());
                return;
            }
            changeLog.append(decoder.decode(record), record.timestamp());
        }
        long head = tail.position(partition);
        if (head != changeLog.headOffset()) {
            changeLog.advanceHead(head);
            listener.tailAdvanced();
        }
    }

    /** The dispatcher is behind by a whole log: wait for it instead of overwriting what it has not handed out. */
    private void awaitDispatch() {
        if (!loggedBackpressure) {
            log.warn("The in-memory log is full of records not yet handed to live pages; pausing the tail until the"
                    + " dispatcher catches up (size nostale.gateway.log-capacity and the outbound budget)");
            loggedBackpressure = true;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(BACKPRESSURE_PAUSE.toNanos());
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis()); // back-off between reconnect attempts, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
