package io.nostale.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.Operation;
import io.nostale.wire.PageGrant;
import io.nostale.wire.XidSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Per-change authorization of room pages and the room directory against a real gateway and Kafka, with synthetic
 * change records (the database side of grants is tested where the renderer signs them): what a visitor, a member and
 * an owner receive, access changes ending the subscription at that change, and resume points that cannot be forged.
 */
class RoomPageIT {

    private static final AtomicLong IDS = new AtomicLong(5_000);
    /** Every page's snapshot: transactions from 10,000 on are invisible to it. */
    private static final XidSnapshot SNAPSHOT = XidSnapshot.of(10_000, 10_000);

    private static GatewayHarness harness;

    @BeforeAll
    static void startGateway() throws Exception {
        harness = GatewayHarness.start("room-page-it.changes", "--nostale.gateway.heartbeat-interval=1s");
    }

    @AfterAll
    static void stopGateway() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aMemberSeesTheRoomUntilTheCommitThatRemovesThem() throws Exception {
        long me = IDS.incrementAndGet();
        long other = IDS.incrementAndGet();
        long room = IDS.incrementAndGet();
        GatewayHarness.Page page = page(me, "room:" + room, PageGrant.MEMBER);
        long message = emit(10_001, insert("chat_message", Map.of("id", 1, "room_id", room, "author_id", other, "body", "hi")));
        emit(10_002, insert("chat_message", Map.of("id", 2, "room_id", room + 1, "author_id", other, "body", "elsewhere")));
        emit(10_003, insert("chat_room_join_request", Map.of("id", 3, "room_id", room, "user_id", other, "status", "pending")));
        // One transaction removes me and then writes a message: the subscription ends at the removal.
        long removed = emit(10_004, delete("chat_room_member", Map.of("room_id", room, "user_id", me)));
        emit(10_004, insert("chat_message", Map.of("id", 4, "room_id", room, "author_id", other, "body", "after you left")));
        emit(10_005, insert("chat_message", Map.of("id", 5, "room_id", room, "author_id", other, "body", "later")));

        try (LiveClient client = subscribe(page, "")) {
            assertThat(offsetOf(client.nextContent(), "change")).isEqualTo(message);
            assertThat(offsetOf(client.nextContent(), "change")).isEqualTo(removed);
            JsonNode resync = client.nextContent();
            assertThat(resync.path("type").asString()).isEqualTo("resync");
            assertThat(resync.path("reason").asString()).isEqualTo("access-changed");
            assertThat(client.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4409);
            assertThat(framesAfterClose(client)).as("nothing after the removal").isEmpty();
        }
    }

    @Test
    void aVisitorSeesOnlyTheirRequestUntilAdmittedAndThenIsToldToRenderAgain() throws Exception {
        long me = IDS.incrementAndGet();
        long owner = IDS.incrementAndGet();
        long room = IDS.incrementAndGet();
        GatewayHarness.Page page = page(me, "room:" + room);
        emit(10_010, insert("chat_message", Map.of("id", 1, "room_id", room, "author_id", owner, "body", "members only")));
        emit(10_011, insert("chat_room_member", Map.of("room_id", room, "user_id", owner)));
        long renamed = emit(10_012, update("chat_room", Map.of("id", room, "owner_id", owner, "title", "a"),
                Map.of("id", room, "owner_id", owner, "title", "b")));
        long decided = emit(10_013, update("chat_room_join_request",
                Map.of("id", 9, "room_id", room, "user_id", me, "status", "pending"),
                Map.of("id", 9, "room_id", room, "user_id", me, "status", "admitted")));
        long admitted = emit(10_013, insert("chat_room_member", Map.of("room_id", room, "user_id", me)));

        try (LiveClient client = subscribe(page, "")) {
            assertThat(offsetOf(client.nextContent(), "change")).isEqualTo(renamed);
            assertThat(offsetOf(client.nextContent(), "change")).isEqualTo(decided);
            assertThat(offsetOf(client.nextContent(), "change")).isEqualTo(admitted);
            JsonNode resync = client.nextContent();
            assertThat(resync.path("reason").asString()).isEqualTo("access-changed");
            assertThat(client.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4409);
        }
    }

    @Test
    void theOwnerSeesEveryRequestToTheRoomAndOtherPagesSeeNone() throws Exception {
        long owner = IDS.incrementAndGet();
        long visitor = IDS.incrementAndGet();
        long room = IDS.incrementAndGet();
        GatewayHarness.Page ownerPage = page(owner, "room:" + room, PageGrant.MEMBER, PageGrant.OWNER);
        GatewayHarness.Page otherMember = page(IDS.incrementAndGet(), "room:" + room, PageGrant.MEMBER);
        long request = emit(10_020, insert("chat_room_join_request", Map.of("id", 7, "room_id", room, "user_id", visitor, "status", "pending")));
        long beat = emit(10_021, update(io.nostale.wire.ChangeEvent.HEARTBEAT_TABLE, Map.of("id", 1), Map.of("id", 1)));

        try (LiveClient client = subscribe(ownerPage, "")) {
            assertThat(offsetOf(client.nextContent(), "change")).isEqualTo(request);
            assertThat(client.nextContent().path("type").asString()).isEqualTo("caught-up");
        }
        try (LiveClient client = subscribe(otherMember, "")) {
            JsonNode caughtUp = client.nextContent();
            assertThat(caughtUp.path("type").asString()).as("a member who does not own the room sees no requests").isEqualTo("caught-up");
            assertThat(caughtUp.path("offset").asLong()).isGreaterThanOrEqualTo(beat);
        }
    }

    @Test
    void theDirectoryCountsOtherUsersMembershipsWithoutNamingThem() throws Exception {
        long me = IDS.incrementAndGet();
        long other = IDS.incrementAndGet();
        long room = IDS.incrementAndGet();
        emit(10_030, insert("chat_room_member", Map.of("room_id", room, "user_id", other, "joined_at", "2026-11-25T10:00:00Z")));
        emit(10_031, insert("chat_room_member", Map.of("room_id", room, "user_id", me, "joined_at", "2026-11-25T10:00:01Z")));

        try (LiveClient client = subscribe(page(me, "rooms"), "")) {
            JsonNode theirs = client.nextContent();
            assertThat(theirs.path("after").toString()).isEqualTo("{\"room_id\":" + room + "}");
            JsonNode mine = client.nextContent();
            assertThat(mine.path("after").path("user_id").asLong()).isEqualTo(me);
            assertThat(theirs.has("proof") || mine.has("proof")).as("pages whose access cannot change get no proofs").isFalse();
        }
    }

    @Test
    void aRoomPageResumesOnlyFromAPointTheGatewayProvedToIt() throws Exception {
        long me = IDS.incrementAndGet();
        long room = IDS.incrementAndGet();
        GatewayHarness.Page page = page(me, "room:" + room, PageGrant.MEMBER);
        emit(10_040, insert("chat_message", Map.of("id", 1, "room_id", room, "author_id", me, "body", "one")));
        JsonNode caughtUp;
        try (LiveClient client = subscribe(page, "")) {
            assertThat(client.nextContent().path("type").asString()).isEqualTo("change");
            caughtUp = client.nextContent();
            assertThat(caughtUp.path("type").asString()).isEqualTo("caught-up");
            assertThat(caughtUp.path("proof").asString()).matches("it\\.[A-Za-z0-9_-]{22}");
        }
        // While away the member is removed; an attacker skips past the removal with a made-up resume point.
        long removal = emit(10_041, delete("chat_room_member", Map.of("room_id", room, "user_id", me)));
        emit(10_042, insert("chat_message", Map.of("id", 2, "room_id", room, "author_id", me + 1, "body", "secret")));
        String proof = caughtUp.path("proof").asString();
        String forgedPoint = "{\"stream\":\"" + caughtUp.path("stream").asString() + "\",\"offset\":" + removal
                + ",\"position\":\"FFFF/0#FFFF/0\"";
        for (String resume : List.of(forgedPoint + "}", forgedPoint + ",\"proof\":\"" + proof + "\"}",
                forgedPoint + ",\"proof\":\"it.AAAAAAAAAAAAAAAAAAAAAA\"}")) {
            try (LiveClient client = subscribe(page, ",\"resume\":" + resume)) {
                JsonNode refused = client.nextContent();
                assertThat(refused.path("reason").asString()).as(resume).isEqualTo("resume-unproven");
                assertThat(client.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4409);
            }
        }
        // A proof issued to another page of the same user (another room, same grants) does not transfer either.
        JsonNode otherRoomCaughtUp;
        try (LiveClient client = subscribe(page(me, "room:" + (room + 1), PageGrant.MEMBER), "")) {
            otherRoomCaughtUp = client.nextContent();
        }
        assertThat(otherRoomCaughtUp.path("proof").asString()).isNotEmpty();
        String borrowed = resumeFrom(otherRoomCaughtUp);
        try (LiveClient client = subscribe(page, ",\"resume\":" + borrowed)) {
            assertThat(client.nextContent().path("reason").asString()).isEqualTo("resume-unproven");
        }
        // The genuine resume point replays from where the page was: the removal, then the end.
        try (LiveClient client = subscribe(page, ",\"resume\":" + resumeFrom(caughtUp))) {
            assertThat(offsetOf(client.nextContent(), "change")).isEqualTo(removal);
            assertThat(client.nextContent().path("reason").asString()).isEqualTo("access-changed");
            assertThat(framesAfterClose(client)).isEmpty();
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static GatewayHarness.Page page(long user, String name, PageGrant... grants) {
        return harness.page(user, name, SNAPSHOT, grants);
    }

    private static LiveClient subscribe(GatewayHarness.Page page, String extra) {
        return LiveClient.connect(harness.live(), GatewayHarness.ORIGIN).send("{\"type\":\"subscribe\",\"token\":\""
                + page.token() + "\",\"timepoint\":\"" + page.timepoint() + "\"" + extra + "}");
    }

    private static String resumeFrom(JsonNode frame) {
        return "{\"stream\":\"" + frame.path("stream").asString() + "\",\"offset\":" + frame.path("offset").asLong()
                + ",\"position\":\"" + frame.path("position").asString() + "\",\"proof\":\"" + frame.path("proof").asString() + "\"}";
    }

    /** Every frame that arrived before the close (the close was already awaited), heartbeats included. */
    private static List<JsonNode> framesAfterClose(LiveClient client) throws Exception {
        client.closeCode.get(10, TimeUnit.SECONDS);
        List<JsonNode> rest = new ArrayList<>();
        client.frames.drainTo(rest);
        return rest;
    }

    private static long offsetOf(JsonNode frame, String type) {
        assertThat(frame.path("type").asString()).as(frame.toString()).isEqualTo(type);
        return frame.path("offset").asLong();
    }

    private static Change insert(String table, Map<String, Object> after) {
        return new Change(table, Operation.INSERT, Map.of(), after);
    }

    private static Change update(String table, Map<String, Object> before, Map<String, Object> after) {
        return new Change(table, Operation.UPDATE, before, after);
    }

    private static Change delete(String table, Map<String, Object> before) {
        return new Change(table, Operation.DELETE, before, Map.of());
    }

    private record Change(String table, Operation op, Map<String, Object> before, Map<String, Object> after) {
    }

    /** Writes the change as transaction {@code xid}; returns its offset. */
    private static long emit(long xid, Change change) throws Exception {
        return harness.emit(xid, change.table(), change.op(), change.before(), change.after());
    }
}
