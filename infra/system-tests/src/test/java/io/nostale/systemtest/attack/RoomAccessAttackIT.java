package io.nostale.systemtest.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.systemtest.Db;
import io.nostale.systemtest.Db.User;
import io.nostale.systemtest.RenderedHome;
import io.nostale.systemtest.RendererSession;
import io.nostale.systemtest.SystemUnderTest;
import io.nostale.systemtest.attack.GatewaySocket.Closed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Per-change authorization of room pages, attacked on the running product (docs/security.md):
 * tokens come from the renderer's real pages, changes from plain SQL through the real relay and Kafka. Each test
 * proves the attack gets nothing it may not see: changes it may see are awaited first, so "nothing else came" is
 * checked after the stream has provably moved past the forbidden change, never after a sleep.
 */
class RoomAccessAttackIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private static SystemUnderTest sut;
    private static Db db;
    private static Chat chat;

    @BeforeAll
    static void theProduct() {
        sut = SystemUnderTest.get();
        db = new Db(sut);
        chat = new Chat(sut);
    }

    @Test
    void aVisitorsRoomPageNeverReceivesTheRoomsMessagesOrOtherPeoplesRequests() throws Exception {
        User owner = db.user("owner");
        User visitor = db.user("visitor");
        User other = db.user("other");
        long room = chat.room("Private", owner);
        long request = chat.request(room, visitor);
        RenderedHome page = roomPage(visitor, room);

        try (GatewaySocket socket = subscribe(page)) {
            socket.awaitCaughtUp();
            chat.message(room, owner, "members only");
            chat.request(room, other);
            chat.deny(request); // the visitor may see this one: it is their own request
            List<JsonNode> frames = socket.framesThrough(frame -> isChangeOf(frame, "chat_room_join_request", visitor), WAIT);

            assertThat(frames).noneMatch(frame -> "chat_message".equals(frame.path("table").asString()));
            assertThat(frames).noneMatch(frame -> isChangeOf(frame, "chat_room_join_request", other));
        }
    }

    @Test
    void grantsOrARoomTamperedIntoTheTokenAreRefused() throws Exception {
        User owner = db.user("owner");
        User visitor = db.user("visitor");
        long room = chat.room("Locked", owner);
        long otherRoom = chat.room("Other", owner);
        chat.request(room, visitor);
        RenderedHome page = roomPage(visitor, room);

        for (String forged : List.of(withPayload(page.token(), payload -> payload + "\nmember"),
                withPayload(page.token(), payload -> payload + "\nmember,owner"),
                withPayload(page.token(), payload -> payload.replace("room:" + room, "room:" + otherRoom)))) {
            try (GatewaySocket socket = GatewaySocket.open(page.gatewayUrl(), sut.rendererUrl())) {
                socket.subscribe(forged, page.timepoint());
                Closed closed = socket.awaitClose(WAIT);
                assertThat(closed.code()).isEqualTo(4401);
                assertThat(closed.types()).containsExactly("error");
            }
        }
    }

    @Test
    void aRemovedMemberGetsTheRemovalAndNothingCommittedAfterItNotEvenWithTheOldToken() throws Exception {
        User owner = db.user("owner");
        User member = db.user("member");
        long room = chat.room("Crew", owner);
        chat.join(room, member);
        RenderedHome page = roomPage(member, room);

        try (GatewaySocket socket = subscribe(page)) {
            socket.awaitCaughtUp();
            chat.message(room, owner, "before");
            // One transaction removes the member and then writes; a later one writes again.
            chat.update("WITH gone AS (DELETE FROM chat_room_member WHERE room_id = ? AND user_id = ? RETURNING room_id) "
                    + "INSERT INTO chat_message (room_id, author_id, body) SELECT room_id, ?, 'same transaction' FROM gone",
                    room, member.id(), owner.id());
            chat.message(room, owner, "after");
            Closed closed = socket.awaitClose(WAIT);

            assertThat(closed.code()).isEqualTo(4409);
            assertThat(bodies(closed.frames())).containsExactly("before");
            JsonNode resync = closed.frames().get(closed.frames().size() - 1);
            assertThat(resync.path("reason").asString()).isEqualTo("access-changed");
            assertThat(closed.frames().get(closed.frames().size() - 2).path("table").asString()).isEqualTo("chat_room_member");
        }
        // The old token is still valid and still says "member": replaying from its timepoint ends at the removal.
        try (GatewaySocket socket = subscribe(page)) {
            Closed closed = socket.awaitClose(WAIT);
            assertThat(closed.code()).isEqualTo(4409);
            assertThat(bodies(closed.frames())).containsExactly("before");
            assertThat(closed.frames().get(closed.frames().size() - 1).path("reason").asString()).isEqualTo("access-changed");
        }
    }

    @Test
    void anOwnerWhoLosesTheRoomStopsReceivingItsRequestsAtThatCommit() throws Exception {
        User owner = db.user("owner");
        User heir = db.user("heir");
        User visitor = db.user("visitor");
        long room = chat.room("Handover", owner);
        chat.join(room, heir);
        RenderedHome page = roomPage(owner, room);

        try (GatewaySocket socket = subscribe(page)) {
            socket.awaitCaughtUp();
            chat.update("UPDATE chat_room SET owner_id = ? WHERE id = ?", heir.id(), room);
            chat.request(room, visitor);
            Closed closed = socket.awaitClose(WAIT);

            assertThat(closed.code()).isEqualTo(4409);
            assertThat(closed.frames()).noneMatch(frame -> "chat_room_join_request".equals(frame.path("table").asString()));
            assertThat(closed.frames().get(closed.frames().size() - 1).path("reason").asString()).isEqualTo("access-changed");
        }
    }

    @Test
    void aResumePointTheGatewayDidNotIssueIsRefused() throws Exception {
        User owner = db.user("owner");
        User member = db.user("member");
        long room = chat.room("Resume", owner);
        long otherRoom = chat.room("Elsewhere", owner);
        chat.join(room, member);
        chat.join(otherRoom, member);
        RenderedHome page = roomPage(member, room);
        RenderedHome other = roomPage(member, otherRoom);
        JsonNode roomPoint;
        JsonNode otherPoint;
        try (GatewaySocket socket = subscribe(page)) {
            roomPoint = last(socket.framesThrough(RoomAccessAttackIT::isCaughtUp, WAIT));
        }
        try (GatewaySocket socket = subscribe(other)) {
            otherPoint = last(socket.framesThrough(RoomAccessAttackIT::isCaughtUp, WAIT));
        }
        assertThat(otherPoint.path("proof").asString()).as("room pages carry proofs").isNotEmpty();
        String stream = roomPoint.path("stream").asString();
        long offset = roomPoint.path("offset").asLong();
        String position = roomPoint.path("position").asString();
        String proof = roomPoint.path("proof").asString();
        Map<String, String> attempts = Map.of(
                "no proof", resume(stream, offset + 1_000, position, null),
                "proof of another point", resume(stream, offset + 1_000, position, proof),
                "proof for another position", resume(stream, offset, "FFFF/0#FFFF/0", proof),
                "the proof of the user's page of another room", resume(otherPoint.path("stream").asString(),
                        otherPoint.path("offset").asLong(), otherPoint.path("position").asString(),
                        otherPoint.path("proof").asString()),
                "made-up proof", resume(stream, offset, position, "k1.AAAAAAAAAAAAAAAAAAAAAA"));
        for (Map.Entry<String, String> attempt : attempts.entrySet()) {
            try (GatewaySocket socket = GatewaySocket.open(page.gatewayUrl(), sut.rendererUrl())) {
                socket.send(subscribeFrame(page, attempt.getValue()));
                Closed closed = socket.awaitClose(WAIT);
                assertThat(closed.code()).as(attempt.getKey()).isEqualTo(4409);
                assertThat(closed.types()).as(attempt.getKey()).containsExactly("resync");
                assertThat(closed.frames().get(0).path("reason").asString()).as(attempt.getKey()).isEqualTo("resume-unproven");
            }
        }
        try (GatewaySocket socket = GatewaySocket.open(page.gatewayUrl(), sut.rendererUrl())) {
            socket.send(subscribeFrame(page, resume(stream, offset, position, proof)));
            socket.awaitCaughtUp(); // the genuine point still works
        }
    }

    @Test
    void theDirectoryShowsOtherPeoplesMembershipsWithoutNames() throws Exception {
        User owner = db.user("owner");
        User watcher = db.user("watcher");
        User joiner = db.user("joiner");
        long room = chat.room("Counted", owner);
        RenderedHome rooms = RenderedHome.parse(pageOf(watcher, "/rooms"));

        try (GatewaySocket socket = subscribe(rooms)) {
            socket.awaitCaughtUp();
            chat.join(room, joiner);
            JsonNode joined = last(socket.framesThrough(frame -> "chat_room_member".equals(frame.path("table").asString()), WAIT));

            assertThat(joined.path("after").toString()).isEqualTo("{\"room_id\":" + room + "}");
            assertThat(joined.toString()).doesNotContain("\"user_id\"");
        }
    }

    @Test
    void aNonMemberGetsNoMessagesFromTheRendererEither() throws Exception {
        User owner = db.user("owner");
        User stranger = db.user("stranger");
        long room = chat.room("Closed doors", owner);
        chat.message(room, owner, "the-secret-body");

        String html = pageOf(stranger, "/rooms/" + room);
        assertThat(html).doesNotContain("the-secret-body").doesNotContain("data-message-id");
        WebVisitor visitor = new WebVisitor(sut.rendererUrl());
        assertThat(WebVisitor.signedIn(visitor.login(stranger.username(), Db.PASSWORD))).isTrue();
        assertThat(visitor.get("/api/rooms/" + room + "/messages?before=9223372036854775807").statusCode()).isEqualTo(403);
        String csrf = visitor.csrfOf("/rooms/" + room);
        long before = chat.queryLong("SELECT count(*) FROM chat_message WHERE room_id = ?", room);
        assertThat(visitor.post("/rooms/" + room + "/messages", Map.of("_csrf", csrf, "body", "let me in")).statusCode())
                .isEqualTo(403);
        assertThat(chat.queryLong("SELECT count(*) FROM chat_message WHERE room_id = ?", room)).isEqualTo(before);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static RenderedHome roomPage(User user, long room) throws Exception {
        return RenderedHome.parse(pageOf(user, "/rooms/" + room));
    }

    /** {@code path} as {@code user} gets it from the real renderer (signed in through the login form). */
    private static String pageOf(User user, String path) throws Exception {
        java.net.http.HttpResponse<String> response = RendererSession.login(sut.rendererUrl(), user.username(), Db.PASSWORD).get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static GatewaySocket subscribe(RenderedHome page) {
        GatewaySocket socket = GatewaySocket.open(page.gatewayUrl(), sut.rendererUrl());
        socket.subscribe(page.token(), page.timepoint());
        return socket;
    }

    private static String subscribeFrame(RenderedHome page, String resume) {
        return "{\"type\":\"subscribe\",\"token\":\"" + page.token() + "\",\"timepoint\":\"" + page.timepoint()
                + "\",\"resume\":" + resume + "}";
    }

    private static String resume(String stream, long offset, String position, String proof) {
        return "{\"stream\":\"" + stream + "\",\"offset\":" + offset + ",\"position\":\"" + position + "\""
                + (proof == null ? "" : ",\"proof\":\"" + proof + "\"") + "}";
    }

    /** The token with its payload rewritten; key id and signature untouched (what an attacker can do). */
    private static String withPayload(String token, java.util.function.UnaryOperator<String> edit) {
        String[] parts = token.split("\\.");
        String payload = new String(B64D.decode(parts[2]), StandardCharsets.UTF_8);
        return parts[0] + "." + parts[1] + "." + B64.encodeToString(edit.apply(payload).getBytes(StandardCharsets.UTF_8))
                + "." + parts[3];
    }

    private static boolean isChangeOf(JsonNode frame, String table, User user) {
        return "change".equals(frame.path("type").asString()) && table.equals(frame.path("table").asString())
                && (frame.path("after").path("user_id").asLong() == user.id() || frame.path("before").path("user_id").asLong() == user.id());
    }

    private static boolean isCaughtUp(JsonNode frame) {
        return "caught-up".equals(frame.path("type").asString());
    }

    private static List<String> bodies(List<JsonNode> frames) {
        return frames.stream().filter(frame -> "chat_message".equals(frame.path("table").asString()))
                .map(frame -> frame.path("after").path("body").asString()).toList();
    }

    private static JsonNode last(List<JsonNode> frames) {
        return frames.get(frames.size() - 1);
    }
}
