package io.nostale.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.Operation;
import io.nostale.wire.PageGrant;
import io.nostale.wire.XidSnapshot;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Truncate records on the topic, as the relay writes them (D22), reach pages through a real gateway and WebSocket:
 * live and in replay, every page that shows a truncated table is told {@code resync truncated}, close 4409; the
 * others keep their stream; a page read after the truncate is not disturbed by it. The product-level test with
 * PostgreSQL's own {@code TRUNCATE} is {@code TruncateIT} in infra/system-tests.
 */
class TruncateIT {

    private static final AtomicLong IDS = new AtomicLong(95_000);
    /** Every page here was read with transactions below 1,000 committed and 1,000 onward not. */
    private static final XidSnapshot BEFORE = XidSnapshot.of(1_000, 1_000);

    @Test
    void liveTruncateOfMessagesResyncsMemberRoomPagesOnlyAndTheOthersKeepTheirStream() throws Exception {
        long user = IDS.incrementAndGet();
        long room = IDS.incrementAndGet();
        try (GatewayHarness gateway = GatewayHarness.start("truncate-it.live");
                LiveClient member = caughtUp(gateway, gateway.page(user, "room:" + room, BEFORE, PageGrant.MEMBER));
                LiveClient visitor = caughtUp(gateway, gateway.page(user + 1, "room:" + room, BEFORE));
                LiveClient home = caughtUp(gateway, gateway.page(user, BEFORE))) {
            long truncated = gateway.emitTruncate(1_001, "chat_message").get(0);
            long renamed = gateway.emit(1_002, "chat_room", Operation.UPDATE, Map.of("id", room, "title", "a"),
                    Map.of("id", room, "title", "b"));

            assertTruncated(member, "chat_message");
            for (LiveClient undisturbed : List.of(visitor, home)) {
                JsonNode next = undisturbed.nextContent();
                assertThat(next.path("type").asString()).as("%s", next).isEqualTo("change");
                assertThat(next.path("offset").asLong()).isEqualTo(renamed).isGreaterThan(truncated);
            }
        }
    }

    @Test
    void oneStatementTruncatingSeveralTablesResyncsAPageThatShowsOnlyALaterOneOfThem() throws Exception {
        long user = IDS.incrementAndGet();
        try (GatewayHarness gateway = GatewayHarness.start("truncate-it.several");
                LiveClient home = caughtUp(gateway, gateway.page(user, BEFORE))) {
            // the home page shows neither messages nor heartbeats; the three records share one position
            gateway.emitTruncate(1_001, "nostale_heartbeat", "chat_message", "chat_room_join_request");

            assertTruncated(home, "chat_room_join_request");
        }
    }

    @Test
    void inReplayAPageReadBeforeTheTruncateResyncsAndAPageReadAfterItCatchesUp() throws Exception {
        long user = IDS.incrementAndGet();
        try (GatewayHarness gateway = GatewayHarness.start("truncate-it.replay")) {
            gateway.emitTruncate(1_001, "chat_room", "chat_room_member", "chat_room_join_request", "chat_message");
            long after = gateway.emit(1_002, "chat_room_join_request", Operation.INSERT, Map.of(),
                    Map.of("id", 1, "room_id", 1, "user_id", user, "status", "pending"));

            try (LiveClient before = LiveClient.connect(gateway.live(), GatewayHarness.ORIGIN)) {
                before.send(gateway.page(user, BEFORE).subscribeFrame());
                assertTruncated(before, "chat_room");
            }
            // read after the truncate committed (1,001 visible), before the request (1,002 not)
            try (LiveClient rendered = LiveClient.connect(gateway.live(), GatewayHarness.ORIGIN)) {
                rendered.send(gateway.page(user, XidSnapshot.of(1_002, 1_002)).subscribeFrame());
                JsonNode change = rendered.nextContent();
                assertThat(change.path("type").asString()).as("%s", change).isEqualTo("change");
                assertThat(change.path("offset").asLong()).isEqualTo(after);
                assertThat(rendered.nextContent().path("type").asString()).isEqualTo("caught-up");
            }
        }
    }

    private static void assertTruncated(LiveClient page, String table) throws Exception {
        JsonNode resync = page.nextContent();
        assertThat(resync.path("type").asString()).as("%s", resync).isEqualTo("resync");
        assertThat(resync.path("reason").asString()).isEqualTo("truncated");
        assertThat(resync.path("detail").asString()).contains(table);
        assertThat(page.closeCode.get(15, TimeUnit.SECONDS)).isEqualTo(4409);
    }

    private static LiveClient caughtUp(GatewayHarness gateway, GatewayHarness.Page page) throws Exception {
        LiveClient client = LiveClient.connect(gateway.live(), GatewayHarness.ORIGIN);
        client.send(page.subscribeFrame());
        assertThat(client.nextContent().path("type").asString()).isEqualTo("caught-up");
        return client;
    }
}
