package io.nostale.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.systemtest.Db.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The room page's guarantee on the real product: its token carries the grants the renderer found
 * in the page's snapshot, the gateway streams exactly what those grants allow from the page's timepoint on, ends
 * the stream at the change that alters them, and lets the page resume only from a point it proved. Pages are the
 * renderer's real ones (token and timepoint parsed from {@code #nostale-live}); changes are plain SQL.
 */
class RoomPageExactnessIT {

    private static final Duration CLOSE = Duration.ofSeconds(30);

    private final SystemUnderTest sut = SystemUnderTest.get();
    private final Db db = new Db(sut);

    @Test
    void deliversAMessageCommittedBetweenRenderAndConnectExactlyOnce() throws Exception {
        Room room = room("Orchard");
        long shown = db.message(room.id, room.owner, "in the page");
        RenderedRoom page = login(room.member).room(room.id);
        assertThat(page.page()).isEqualTo("room:" + room.id);
        assertThat(page.grants()).containsExactly("member");
        assertThat(page.view().messageIds()).containsExactly(shown);

        long between = db.message(room.id, room.owner, "while the page travels to the browser");
        try (LiveClient client = subscribe(page)) {
            long after = db.message(room.id, room.member, "after connecting");
            List<JsonNode> received = client.changesThrough(change -> isMessage(change, after));
            assertThat(Changes.describe(received, "chat_message"))
                    .containsExactly("chat_message INSERT " + between, "chat_message INSERT " + after);
        }
    }

    @Test
    void neverRedeliversMessagesInThePageButDeliversTheirLaterEdits() throws Exception {
        Room room = room("Meadow");
        long first = db.message(room.id, room.owner, "first");
        long second = db.message(room.id, room.member, "second");
        RenderedRoom page = login(room.member).room(room.id);
        assertThat(page.view().messageIds()).containsExactly(first, second);
        assertThat(page.view().memberIds()).containsExactlyInAnyOrder(room.owner.id(), room.member.id());

        db.update("UPDATE chat_message SET body = 'first, edited' WHERE id = ?", first); // after the page's snapshot
        try (LiveClient client = subscribe(page)) {
            long marker = db.message(room.id, room.owner, "marker");
            List<JsonNode> received = client.changesThrough(change -> isMessage(change, marker));
            assertThat(Changes.describe(received, "chat_message"))
                    .containsExactly("chat_message UPDATE " + first, "chat_message INSERT " + marker);
            assertThat(received.get(0).path("after").path("version").asLong()).isEqualTo(2);
            assertThat(received).as("the page's member and request rows are not sent again")
                    .allMatch(change -> "chat_message".equals(change.path("table").asString()));
        }
    }

    @Test
    void aVisitorsTokenCarriesNoGrantsAndReceivesOnlyTheRoomAndTheirOwnRequest() throws Exception {
        Room room = room("Lagoon");
        User visitor = db.user("visitor");
        User other = db.user("other");
        long own = db.request(room.id, visitor);
        db.message(room.id, room.owner, "members only");
        RenderedRoom page = login(visitor).room(room.id);
        assertThat(page.grants()).isEmpty();
        assertThat(page.view().joinState()).isEqualTo("pending");
        assertThat(page.view().messageIds()).isEmpty();
        assertThat(page.view().memberIds()).isEmpty();

        try (LiveClient client = subscribe(page)) {
            db.message(room.id, room.owner, "still members only");
            db.admit(db.request(room.id, other)); // someone else's request and membership
            db.rename(room.id, "Lagoon bay");
            db.deny(own);
            List<JsonNode> received = client.changesThrough(change -> "chat_room_join_request UPDATE %d denied".formatted(own)
                    .equals(Changes.describe(change)));
            assertThat(received.stream().map(Changes::describe)).containsExactly(
                    "chat_room UPDATE " + room.id, "chat_room_join_request UPDATE " + own + " denied");
        }
    }

    @Test
    void theOwnerReceivesEveryRequestAMemberOnlyTheirOwn() throws Exception {
        Room room = room("Harbour");
        User asker = db.user("asker");
        RenderedRoom ownerPage = login(room.owner).room(room.id);
        RenderedRoom memberPage = login(room.member).room(room.id);
        assertThat(ownerPage.grants()).containsExactlyInAnyOrder("member", "owner");
        assertThat(memberPage.grants()).containsExactly("member");

        try (LiveClient owner = subscribe(ownerPage); LiveClient member = subscribe(memberPage)) {
            long request = db.request(room.id, asker);
            long message = db.message(room.id, room.member, "who is that?");
            List<JsonNode> toOwner = owner.changesThrough(change -> isMessage(change, message));
            List<JsonNode> toMember = member.changesThrough(change -> isMessage(change, message));
            assertThat(toOwner.stream().map(Changes::describe)).containsExactly(
                    "chat_room_join_request INSERT " + request + " pending", "chat_message INSERT " + message);
            assertThat(toMember.stream().map(Changes::describe)).containsExactly("chat_message INSERT " + message);
        }
    }

    @Test
    void aRoomPageResumesFromAProvenPointOnly() throws Exception {
        Room room = room("Summit");
        RenderedRoom page = login(room.member).room(room.id);
        JsonNode last;
        try (LiveClient client = subscribe(page)) {
            client.changesUntilCaughtUp();
            long seen = db.message(room.id, room.owner, "seen before the drop");
            List<JsonNode> frames = client.changesThrough(change -> isMessage(change, seen));
            last = frames.get(frames.size() - 1);
        }
        assertThat(last.path("proof").asString()).as("change frames carry a proof").isNotEmpty();
        long missed = db.message(room.id, room.owner, "sent while disconnected");

        try (LiveClient resumed = subscribe(page, resume(last, last.path("offset").asLong(), last.path("proof").asString()))) {
            // through the missed message, not just to caught-up: the relay may publish it after the replay ended
            List<JsonNode> received = resumed.changesThrough(change -> isMessage(change, missed));
            assertThat(received.stream().map(Changes::describe))
                    .as("resumed after the last frame: only what came later").containsExactly("chat_message INSERT " + missed);
        }
        String madeUpProof = "k1.AAAAAAAAAAAAAAAAAAAAAA";
        assertRefusedAsUnproven(page, resume(last, last.path("offset").asLong(), madeUpProof));
        assertRefusedAsUnproven(page, resume(last, last.path("offset").asLong() + 1000, last.path("proof").asString()));
        assertRefusedAsUnproven(page, "{\"stream\":\"%s\",\"offset\":%d,\"position\":\"%s\"}".formatted(
                last.path("stream").asString(), last.path("offset").asLong(), last.path("position").asString()));
    }

    /**
     * Leaving ends the member's stream at that commit: a message written before the delete in the same transaction
     * arrives, the delete arrives, then resync {@code access-changed}; the message written after it never does.
     */
    @Test
    void aMemberRemovedMidTransactionReceivesNothingCommittedAfterTheRemoval() throws Exception {
        Room room = room("Canyon");
        RenderedRoom page = login(room.member).room(room.id);
        try (LiveClient client = subscribe(page)) {
            client.changesUntilCaughtUp();
            long[] ids = removeBetweenTwoMessages(room);
            List<JsonNode> frames = client.framesUntilClosed(CLOSE);
            List<JsonNode> changes = frames.stream().filter(f -> "change".equals(f.path("type").asString())).toList();
            assertThat(changes.stream().map(Changes::describe)).containsExactly("chat_message INSERT " + ids[0],
                    "chat_room_member DELETE " + room.id + "/" + room.member.id());
            JsonNode resync = frames.get(frames.size() - 1);
            assertThat(resync.path("type").asString()).isEqualTo("resync");
            assertThat(resync.path("reason").asString()).isEqualTo("access-changed");
            assertThat(client.closeCode.get()).isEqualTo(4409);
            assertThat(frames).noneMatch(frame -> isMessage(frame, ids[1]));
        }
        RenderedRoom again = login(room.member).room(room.id);
        assertThat(again.grants()).isEmpty();
        assertThat(again.view().joinState()).isEqualTo("none");
    }

    @Test
    void aVisitorsStreamEndsWhenTheyAreAdmittedAndTheFreshPageIsAMembers() throws Exception {
        Room room = room("Delta");
        User visitor = db.user("visitor");
        long request = db.request(room.id, visitor);
        long message = db.message(room.id, room.owner, "welcome");
        RenderedRoom page = login(visitor).room(room.id);
        try (LiveClient client = subscribe(page)) {
            client.changesUntilCaughtUp();
            db.admit(request);
            List<JsonNode> frames = client.framesUntilClosed(CLOSE);
            assertThat(frames.stream().filter(f -> "change".equals(f.path("type").asString())).map(Changes::describe))
                    .containsExactly("chat_room_join_request UPDATE " + request + " admitted",
                            "chat_room_member INSERT " + room.id + "/" + visitor.id());
            assertThat(frames.get(frames.size() - 1).path("reason").asString()).isEqualTo("access-changed");
            assertThat(client.closeCode.get()).isEqualTo(4409);
        }
        RenderedRoom admitted = login(visitor).room(room.id);
        assertThat(admitted.grants()).containsExactly("member");
        assertThat(admitted.view().messageIds()).containsExactly(message);
    }

    private void assertRefusedAsUnproven(RenderedRoom page, String resume) throws Exception {
        try (LiveClient client = subscribe(page, resume)) {
            List<JsonNode> frames = client.framesUntilClosed(CLOSE);
            assertThat(frames).as("resume " + resume).hasSize(1);
            assertThat(frames.get(0).path("type").asString()).isEqualTo("resync");
            assertThat(frames.get(0).path("reason").asString()).isEqualTo("resume-unproven");
            assertThat(client.closeCode.get()).isEqualTo(4409);
        }
    }

    /** One transaction: a message, the member's removal, another message. Returns the two message ids. */
    private long[] removeBetweenTwoMessages(Room room) throws SQLException {
        try (Connection connection = sut.connect()) {
            connection.setAutoCommit(false);
            long before = insertMessage(connection, room, "just before the removal");
            try (PreparedStatement delete = Db.prepare(connection,
                    "DELETE FROM chat_room_member WHERE room_id = ? AND user_id = ?", room.id, room.member.id())) {
                assertThat(delete.executeUpdate()).isEqualTo(1);
            }
            long after = insertMessage(connection, room, "just after the removal");
            connection.commit();
            return new long[] {before, after};
        }
    }

    private static long insertMessage(Connection connection, Room room, String body) throws SQLException {
        try (PreparedStatement insert = Db.prepare(connection,
                "INSERT INTO chat_message (room_id, author_id, body) VALUES (?, ?, ?) RETURNING id", room.id, room.owner.id(), body);
                java.sql.ResultSet rows = insert.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String resume(JsonNode frame, long offset, String proof) {
        return "{\"stream\":\"%s\",\"offset\":%d,\"position\":\"%s\",\"proof\":\"%s\"}".formatted(
                frame.path("stream").asString(), offset, frame.path("position").asString(), proof);
    }

    private static boolean isMessage(JsonNode frame, long id) {
        return "change".equals(frame.path("type").asString()) && "chat_message".equals(frame.path("table").asString())
                && Changes.describe(frame).endsWith(" " + id);
    }

    /** A room owned by a new owner, with one other member. */
    private Room room(String title) throws Exception {
        User owner = db.user("owner");
        User member = db.user("member");
        long id = db.room(title, owner);
        db.admit(db.request(id, member));
        return new Room(id, owner, member);
    }

    private RendererSession login(User user) throws Exception {
        return RendererSession.login(sut.rendererUrl(), user.username(), Db.PASSWORD);
    }

    private LiveClient subscribe(RenderedRoom page) {
        return subscribe(page, "");
    }

    private LiveClient subscribe(RenderedRoom page, String resume) {
        return LiveClient.subscribe(page, sut.rendererUrl(), resume);
    }

    private record Room(long id, User owner, User member) {
    }
}
