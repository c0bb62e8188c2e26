package io.nostale.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.gateway.RawLiveClient.Close;
import io.nostale.gateway.RawLiveClient.Ended;
import io.nostale.gateway.RawLiveClient.Event;
import io.nostale.gateway.RawLiveClient.Message;
import io.nostale.gateway.RawLiveClient.Silence;
import io.nostale.wire.XidSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client that stops reading (a frozen tab, a phone in a tunnel) against the real gateway on real sockets: the
 * gateway drops it as a slow client, and whatever the client does next, it never meets silence (guarantee 4 of
 * docs/guarantees.md). If it
 * reads again within the grace it gets every frame already on its way, then {@code resync slow-client} and close
 * 4409; if it does not, the gateway closes the TCP connection, so the client sees an abnormal end and resumes.
 */
class SlowClientIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicLong USERS = new AtomicLong(50_000);
    /** Longer than any pause between two frames of a live gateway (heartbeats every second here). */
    private static final Duration SILENCE = Duration.ofSeconds(8);
    private static final String BULK = "x".repeat(8_000);
    private static final Duration GRACE = Duration.ofSeconds(15);

    private static GatewayHarness gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = GatewayHarness.start("slow-client-it.changes",
                "--nostale.gateway.heartbeat-interval=1s",
                "--nostale.gateway.subscribe-timeout=2s",
                "--nostale.gateway.log-capacity=20000",
                "--nostale.gateway.send-time-limit=2s",
                "--nostale.gateway.close-grace=" + GRACE.toSeconds() + "s");
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aStalledClientThatReadsAgainGetsEveryFrameWholeThenSlowClientResyncAndClose4409() throws Exception {
        long user = USERS.incrementAndGet();
        long otherUser = USERS.incrementAndGet();
        double droppedBefore = gateway.counter("nostale.gateway.slow.clients.dropped");
        try (RawLiveClient stalled = subscribed(user, 30_000);
                LiveClient healthy = LiveClient.connect(gateway.live(), GatewayHarness.ORIGIN)) {
            healthy.send(gateway.page(otherUser, XidSnapshot.of(30_000, 30_000)).subscribeFrame());
            assertThat(healthy.nextContent().path("type").asString()).isEqualTo("caught-up");
            burst(user, 30_001);
            long marker = gateway.change(32_500, otherUser);
            awaitCounterAbove("nostale.gateway.slow.clients.dropped", droppedBefore);
            // Read at once: the premise is a client that reads again within the grace. Anything the test does first
            // (even waiting for the healthy page) eats into the grace, and a slow CI machine then sees the abort.
            List<Event> events = readToTheEnd(stalled);
            JsonNode healthyChange;
            do {
                healthyChange = healthy.nextContent();
            } while (healthyChange.path("offset").asLong() < marker);
            assertThat(healthyChange.path("offset").asLong()).as("other pages keep flowing").isEqualTo(marker);

            assertThat(events.get(events.size() - 1)).as(summary(events)).isEqualTo(new Close(4409, "slow-client"));
            Event beforeLast = events.get(events.size() - 2);
            assertThat(beforeLast).as(summary(events)).isInstanceOf(Message.class);
            JsonNode resync = JSON.readTree(((Message) beforeLast).text());
            assertThat(resync.path("type").asString()).as(summary(events)).isEqualTo("resync");
            assertThat(resync.path("reason").asString()).isEqualTo("slow-client");
            List<JsonNode> changes = events.subList(0, events.size() - 2).stream()
                    .map(e -> JSON.readTree(((Message) e).text()))
                    .filter(frame -> !"heartbeat".equals(frame.path("type").asString())).toList();
            assertThat(changes).as("every frame before the resync is a whole change, in order").isNotEmpty().allSatisfy(change -> {
                assertThat(change.path("type").asString()).isEqualTo("change");
                assertThat(change.path("after").path("note").asString()).isEqualTo(BULK);
            });
            assertThat(changes).extracting(c -> c.path("xid").asLong()).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aStalledClientThatDoesNotReadWithinTheGraceLosesItsConnection() throws Exception {
        long user = USERS.incrementAndGet();
        double droppedBefore = gateway.counter("nostale.gateway.slow.clients.dropped");
        double abortedBefore = gateway.counter("nostale.gateway.connections.aborted");
        try (RawLiveClient stalled = subscribed(user, 40_000)) {
            burst(user, 40_001);
            awaitCounterAbove("nostale.gateway.slow.clients.dropped", droppedBefore);
            // The abort is due one grace after the drop. Some runs never reach it: the container itself ends the
            // connection first (observed: mostly after GatewayRestartIT in the same JVM; cause not pinned yet, see
            // docs/guarantees.md). Either way the client must find the connection ended, or the close got through:
            // never silence.
            boolean aborted = counterRisesWithin("nostale.gateway.connections.aborted", abortedBefore, GRACE.plusSeconds(10));

            List<Event> events = readToTheEnd(stalled);
            Event last = events.get(events.size() - 1);
            assertThat(last).as("aborted: " + aborted + "; " + summary(events)).isNotInstanceOf(Silence.class)
                    .satisfiesAnyOf(end -> assertThat(end).isInstanceOf(Ended.class),
                            end -> assertThat(end).isEqualTo(new Close(4409, "slow-client")));
        }
    }

    /**
     * A refused socket was sent two small frames; a client that never answers its close loses the connection after
     * the short refusal grace, not the close grace: in a reconnect storm thousands of refused sockets would otherwise
     * hold the gateway's open files.
     */
    @Test
    void aRefusedSocketThatNeverAnswersItsCloseIsCutAfterTheRefusalGrace() throws Exception {
        try (RawLiveClient refused = RawLiveClient.connect(gateway.live(), GatewayHarness.ORIGIN, 4_096)) {
            refused.sendText("{\"type\":\"subscribe\",\"token\":\"forged\",\"timepoint\":\"0/0\"}");
            Event error = refused.next(SILENCE);
            assertThat(error).isInstanceOf(Message.class);
            assertThat(JSON.readTree(((Message) error).text()).path("type").asString()).isEqualTo("error");
            assertThat(refused.next(SILENCE)).isInstanceOf(Close.class);
            long closed = System.nanoTime();

            Event end = refused.next(GRACE); // the client never answers the close
            Duration took = Duration.ofNanos(System.nanoTime() - closed);

            assertThat(end).as("after " + took).isInstanceOf(Ended.class);
            assertThat(took).as("the refusal grace, well below the close grace of " + GRACE).isLessThan(GRACE.minusSeconds(5));
        }
    }

    /**
     * A subscribe frame that arrives after the socket was refused for taking too long (an overloaded client or
     * gateway) is not a second subscribe: the socket keeps its first refusal and nobody counts a bad message.
     */
    @Test
    void aSubscribeFrameAfterTheSubscribeTimeoutIsIgnored() throws Exception {
        double badBefore = gateway.counter("nostale.gateway.refusals", "code", "bad-message");
        try (RawLiveClient late = RawLiveClient.connect(gateway.live(), GatewayHarness.ORIGIN, 4_096)) {
            Event error = late.next(SILENCE);
            assertThat(error).isInstanceOf(Message.class);
            assertThat(JSON.readTree(((Message) error).text()).path("code").asString()).isEqualTo("subscribe-timeout");
            late.sendText(gateway.page(USERS.incrementAndGet(), XidSnapshot.of(50, 50)).subscribeFrame());

            assertThat(late.next(SILENCE)).isEqualTo(new Close(4408, "subscribe-timeout"));
            // The gateway read the late frame long before it cuts the unanswered close: count after the end.
            assertThat(late.next(GRACE)).isInstanceOf(Ended.class);
        }
        assertThat(gateway.counter("nostale.gateway.refusals", "code", "bad-message")).isEqualTo(badBefore);
    }

    /** ~16 MB of changes for {@code user}'s page: far more than the socket buffers hold. */
    private static void burst(long user, long firstXid) throws Exception {
        for (int i = 0; i < 2_000; i++) {
            gateway.changeWith(firstXid + i, user, BULK);
        }
        gateway.flush();
    }

    /** True once {@code counter} exceeds {@code before}; false if it has not within {@code limit}. */
    private static boolean counterRisesWithin(String counter, double before, Duration limit) {
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(50)).until(() -> gateway.counter(counter) > before);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    private static void awaitCounterAbove(String counter, double before) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> gateway.counter(counter) > before);
    }

    /** A caught-up page with a tiny receive buffer, about to stop reading. */
    private static RawLiveClient subscribed(long user, long xmin) throws Exception {
        RawLiveClient client = RawLiveClient.connect(gateway.live(), GatewayHarness.ORIGIN, 4_096);
        client.sendText(gateway.page(user, XidSnapshot.of(xmin, xmin)).subscribeFrame());
        Event first = client.next(SILENCE);
        assertThat(first).isInstanceOf(Message.class);
        assertThat(JSON.readTree(((Message) first).text()).path("type").asString()).isEqualTo("caught-up");
        return client;
    }

    /** Reads until a close frame, the end of the connection, or silence; every event in order. */
    private static List<Event> readToTheEnd(RawLiveClient client) throws Exception {
        List<Event> events = new ArrayList<>();
        while (true) {
            Event event = client.next(SILENCE);
            events.add(event);
            if (!(event instanceof Message)) {
                return events;
            }
        }
    }

    private static String summary(List<Event> events) {
        long messages = events.stream().filter(Message.class::isInstance).count();
        List<String> tail = events.subList(Math.max(0, events.size() - 3), events.size()).stream()
                .map(e -> e instanceof Message m ? "message " + abbreviated(m.text()) : e.toString()).toList();
        return messages + " messages, ending " + tail;
    }

    private static String abbreviated(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "…(" + text.length() + " chars)" : text;
    }
}
