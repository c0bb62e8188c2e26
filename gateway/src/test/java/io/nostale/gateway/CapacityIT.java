package io.nostale.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.gateway.RawLiveClient.Event;
import io.nostale.gateway.RawLiveClient.Message;
import io.nostale.gateway.connection.Connections;
import io.nostale.gateway.connection.OutboundBudget;
import io.nostale.wire.Operation;
import io.nostale.wire.XidSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway at capacity, on the real embedded stack: a socket beyond what it may hold is told {@code unavailable}
 * (close 4503) at once and backs off, while every page already open keeps its stream; a slot freed is a slot a new
 * page gets. The same for the outbound byte budget: while stalled clients hold it, new sockets are refused, and once
 * they are gone every byte is back.
 */
class CapacityIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicLong USERS = new AtomicLong(70_000);
    private static final int MAX = 20;

    @Test
    void socketsBeyondCapacityAreRefusedWhileOpenPagesKeepStreamingAndAFreedSlotIsTakenAgain() throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start("capacity-it.connections",
                "--nostale.gateway.max-connections=" + MAX,
                "--nostale.gateway.max-connections-per-user=1000")) {
            Connections connections = gateway.bean(Connections.class);
            List<LiveClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < MAX; i++) {
                    open.add(caughtUpHomePage(gateway, USERS.incrementAndGet(), 1_000));
                }
                assertThat(connections.size()).isEqualTo(MAX);

                for (int i = 0; i < 3; i++) {
                    try (LiveClient extra = LiveClient.connect(gateway.live(), GatewayHarness.ORIGIN)) {
                        assertUnavailable(extra, MAX + " connections");
                    }
                }

                // Produced after the refusals: a room title, which every home page shows.
                long renamed = gateway.emit(1_001, "chat_room", Operation.UPDATE,
                        Map.of("id", 5, "owner_id", 1, "title", "before"), Map.of("id", 5, "owner_id", 1, "title", "after"));
                for (LiveClient page : open) {
                    JsonNode change = page.nextContent();
                    assertThat(change.path("type").asString()).isEqualTo("change");
                    assertThat(change.path("offset").asLong()).isEqualTo(renamed);
                    assertThat(change.path("after").path("title").asString()).isEqualTo("after");
                }

                open.remove(0).close();
                await().atMost(Duration.ofSeconds(20)).until(() -> connections.size() == MAX - 1);
                // Read after the rename: its catch-up has nothing to replay.
                open.add(caughtUpHomePage(gateway, USERS.incrementAndGet(), 1_002));
                try (LiveClient extra = LiveClient.connect(gateway.live(), GatewayHarness.ORIGIN)) {
                    assertUnavailable(extra, MAX + " connections");
                }
                long next = gateway.emit(1_002, "chat_room", Operation.UPDATE,
                        Map.of("id", 5, "owner_id", 1, "title", "after"), Map.of("id", 5, "owner_id", 1, "title", "again"));
                for (LiveClient page : open) {
                    assertThat(page.nextContent().path("offset").asLong()).isEqualTo(next);
                }
            } finally {
                open.forEach(LiveClient::close);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> connections.size() == 0);
            assertThat(gateway.bean(OutboundBudget.class).used()).isZero();
        }
    }

    /**
     * Stalled clients on the home page fill the gateway's 1 MB outbound budget with room titles every one of them is
     * sent (each socket stays below its own outbox limit, so none is dropped for it): the dispatcher waits for room, a
     * new socket is refused for the buffers, and closing the stalled clients gives every byte back.
     */
    @Test
    void whileStalledClientsHoldTheOutboundBudgetNewSocketsAreRefusedAndEveryByteComesBack() throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start("capacity-it.budget",
                "--nostale.gateway.outbound-budget=1MB",
                "--nostale.gateway.outbox-bytes=900KB",
                "--nostale.gateway.send-time-limit=60s",
                "--nostale.gateway.close-grace=61s", // above the send time limit, as it must be
                "--nostale.gateway.max-connections=" + MAX)) {
            OutboundBudget budget = gateway.bean(OutboundBudget.class);
            Connections connections = gateway.bean(Connections.class);
            List<RawLiveClient> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    stalled.add(caughtUpRawHomePage(gateway, USERS.incrementAndGet(), 100_000));
                }
                // Up to 20 MB in all, more than the kernel's socket buffers and the budget together can absorb;
                // written in rounds, so a run stops producing once the budget is spent.
                String title = "t".repeat(8_000);
                long full = (long) (budget.limit() * 0.75);
                for (int round = 0; round < 25 && budget.used() <= full; round++) {
                    for (int i = 0; i < 100; i++) {
                        gateway.emitAsync(100_001 + round * 100 + i, "chat_room", Operation.UPDATE,
                                Map.of("id", 5, "title", "old"), Map.of("id", 5, "title", title));
                    }
                    gateway.flush();
                }
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                        .until(() -> budget.used() > full);

                try (LiveClient refused = LiveClient.connect(gateway.live(), GatewayHarness.ORIGIN)) {
                    assertUnavailable(refused, "outbound buffers");
                }
                assertThat(budget.used()).as("still held: the refusal was for the budget").isGreaterThan(full);
            } finally {
                for (RawLiveClient client : stalled) {
                    client.close();
                }
            }
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                    .until(() -> connections.size() == 0 && budget.used() == 0);

            // Room again: a new page is admitted and streams. It was read after every title above.
            try (LiveClient page = caughtUpHomePage(gateway, USERS.incrementAndGet(), 200_000)) {
                long renamed = gateway.emit(200_001, "chat_room", Operation.UPDATE, Map.of("id", 5, "title", "old"),
                        Map.of("id", 5, "title", "short"));
                JsonNode change = page.nextContent();
                assertThat(change.path("offset").asLong()).isEqualTo(renamed);
                assertThat(change.path("after").path("title").asString()).isEqualTo("short");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> connections.size() == 0 && budget.used() == 0);
        }
    }

    /** The first frame is the refusal, then close 4503; {@code why} names the limit that was hit. */
    private static void assertUnavailable(LiveClient client, String why) throws Exception {
        JsonNode error = client.next();
        assertThat(error.path("type").asString()).isEqualTo("error");
        assertThat(error.path("code").asString()).isEqualTo("unavailable");
        assertThat(error.path("message").asString()).contains(why);
        assertThat(client.closeCode.get(15, TimeUnit.SECONDS)).isEqualTo(4503);
    }

    private static LiveClient caughtUpHomePage(GatewayHarness gateway, long user, long xmin) throws Exception {
        LiveClient client = LiveClient.connect(gateway.live(), GatewayHarness.ORIGIN);
        client.send(gateway.page(user, XidSnapshot.of(xmin, xmin)).subscribeFrame());
        assertThat(client.nextContent().path("type").asString()).isEqualTo("caught-up");
        return client;
    }

    /** A caught-up home page with a tiny receive buffer; the test never reads from it again. */
    private static RawLiveClient caughtUpRawHomePage(GatewayHarness gateway, long user, long xmin) throws Exception {
        RawLiveClient client = RawLiveClient.connect(gateway.live(), GatewayHarness.ORIGIN, 4_096);
        client.sendText(gateway.page(user, XidSnapshot.of(xmin, xmin)).subscribeFrame());
        Event first = client.next(Duration.ofSeconds(15));
        assertThat(first).isInstanceOf(Message.class);
        assertThat(JSON.readTree(((Message) first).text()).path("type").asString()).isEqualTo("caught-up");
        return client;
    }
}
