package io.nostale.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.gateway.delivery.LiveDispatcher;
import io.nostale.wire.Operation;
import io.nostale.wire.RecordKind;
import io.nostale.wire.XidSnapshot;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import tools.jackson.databind.JsonNode;

/**
 * Records that decode as JSON but hold values no page can be judged against (a stream-start whose LSN is not an LSN,
 * a change whose transaction id is not a 32-bit xid) are unreadable records: the pages they concern are told
 * {@code resync unreadable-record}, and the stream goes on. They must never stop the live stream, nor leave a page in
 * silence.
 */
class UnreadableRecordIT {

    private static final AtomicLong USERS = new AtomicLong(90_000);
    private static final String DISPATCHER_LOGGER = LiveDispatcher.class.getName();
    private static final Duration WITHIN = Duration.ofSeconds(15);

    /**
     * Were the dispatcher to fail on such a record, it could retry it in a loop, logging a stack trace each time: keep
     * that out of the build log once the gateway is up (its start-up applies the configured levels), restore it after.
     */
    private static void quietTheDispatcher() {
        LoggingSystem.get(UnreadableRecordIT.class.getClassLoader()).setLogLevel(DISPATCHER_LOGGER, LogLevel.OFF);
    }

    @AfterEach
    void restoreTheDispatcherLog() {
        LoggingSystem.get(getClass().getClassLoader()).setLogLevel(DISPATCHER_LOGGER, null);
    }

    @Test
    void aStreamStartWithoutAReadableLsnResyncsEveryLivePageInsteadOfStoppingTheStream() throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start("unreadable-record-it.start",
                "--nostale.gateway.heartbeat-interval=1s");
                LiveClient first = caughtUpHomePage(gateway, USERS.incrementAndGet());
                LiveClient second = caughtUpHomePage(gateway, USERS.incrementAndGet())) {
            quietTheDispatcher();
            long unreadable = gateway.emitRaw(RecordKind.STREAM_START,
                    "{\"slot\":\"it\",\"systemId\":\"1\",\"startLsn\":\"not-an-lsn\",\"startedMillis\":0}");
            for (LiveClient page : new LiveClient[] {first, second}) {
                assertResync(page, unreadable);
            }
        }
    }

    @Test
    void aChangeWithATransactionIdBeyond32BitsResyncsThePageItConcernsAndOthersKeepTheirStream() throws Exception {
        long mine = USERS.incrementAndGet();
        long theirs = USERS.incrementAndGet();
        try (GatewayHarness gateway = GatewayHarness.start("unreadable-record-it.xid",
                "--nostale.gateway.heartbeat-interval=1s");
                LiveClient concerned = caughtUpHomePage(gateway, mine);
                LiveClient other = caughtUpHomePage(gateway, theirs)) {
            quietTheDispatcher();
            long unreadable = gateway.emit((1L << 32) + 5, "chat_room_join_request", Operation.INSERT, Map.of(),
                    Map.of("id", 1, "room_id", 1, "user_id", mine, "status", "pending"));
            long later = gateway.emit(1_001, "chat_room_join_request", Operation.INSERT, Map.of(),
                    Map.of("id", 2, "room_id", 1, "user_id", theirs, "status", "pending"));

            assertResync(concerned, unreadable);
            JsonNode next = nextContentWithin(other, unreadable);
            boolean itsChange = "change".equals(next.path("type").asString()) && next.path("offset").asLong() == later;
            boolean toldToResync = "resync".equals(next.path("type").asString())
                    && "unreadable-record".equals(next.path("reason").asString());
            assertThat(itsChange || toldToResync).as("the other page's next frame is its change, or a resync if every"
                    + " page crossing an unreadable record resyncs; never silence: %s", next).isTrue();
        }
    }

    /** The page's next frame that is not a heartbeat is {@code resync unreadable-record}, then close 4409. */
    private static void assertResync(LiveClient page, long unreadable) throws Exception {
        JsonNode resync = nextContentWithin(page, unreadable);
        assertThat(resync.path("type").asString()).as("%s", resync).isEqualTo("resync");
        assertThat(resync.path("reason").asString()).isEqualTo("unreadable-record");
        assertThat(page.closeCode.get(15, TimeUnit.SECONDS)).isEqualTo(4409);
    }

    /**
     * The next frame that is not a heartbeat, within {@link #WITHIN}; fails naming the last heartbeat's offset, which
     * tells whether the page's resume point silently moved past the unreadable record.
     */
    private static JsonNode nextContentWithin(LiveClient page, long unreadable) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        long lastHeartbeat = -1;
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode frame = left > 0 ? page.frames.poll(left, TimeUnit.NANOSECONDS) : null;
            if (frame == null) {
                throw new AssertionError("no frame but heartbeats within " + WITHIN + " of the unreadable record at offset "
                        + unreadable + "; last heartbeat at offset " + lastHeartbeat
                        + (lastHeartbeat >= unreadable ? " (the resume point moved past it: the page silently skipped it)" : ""));
            }
            if (!"heartbeat".equals(frame.path("type").asString())) {
                return frame;
            }
            lastHeartbeat = frame.path("offset").asLong();
        }
    }

    private static LiveClient caughtUpHomePage(GatewayHarness gateway, long user) throws Exception {
        LiveClient client = LiveClient.connect(gateway.live(), GatewayHarness.ORIGIN);
        client.send(gateway.page(user, XidSnapshot.of(1_000, 1_000)).subscribeFrame());
        assertThat(client.nextContent().path("type").asString()).isEqualTo("caught-up");
        return client;
    }
}
