package io.nostale.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.systemtest.Db.User;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code TRUNCATE} in PostgreSQL on the real product (D22): the relay publishes one {@code truncate} record per table,
 * and every open page that shows a truncated table is told {@code resync truncated} and closed with 4409, live or in
 * replay; pages that show none of the truncated tables keep their stream, and so does a page read after the truncate.
 * Pages are the renderer's real ones (token and timepoint from {@code #nostale-live}), sockets real WebSockets.
 *
 * <p>It empties tables every test of this JVM uses; each of them makes its own rows, and none runs meanwhile.
 */
class TruncateIT {

    private static final Duration CLOSE = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern LIVE_BLOCK = Pattern.compile(
            "<script type=\"application/json\" id=\"nostale-live\">(.*?)</script>", Pattern.DOTALL);

    private final SystemUnderTest sut = SystemUnderTest.get();
    private final Db db = new Db(sut);

    @Test
    void truncatedMessagesResyncTheMembersRoomPageAndNoPageThatShowsNoMessages() throws Exception {
        Room room = room("Orchard");
        db.message(room.id, room.owner, "about to vanish");
        RendererSession member = login(room.member);
        RendererSession visitor = login(room.visitor);
        try (LiveClient memberRoom = caughtUp(subscribe(member.room(room.id)));
                LiveClient visitorRoom = caughtUp(subscribe(visitor.room(room.id)));
                LiveClient home = caughtUp(subscribe(member.home()));
                LiveClient rooms = caughtUp(subscribe(directory(member)))) {
            execute("TRUNCATE chat_message");

            assertTruncated(memberRoom, "chat_message");
            assertUndisturbed(room.id, "Orchard after the truncate", visitorRoom, home, rooms);
        }
        RenderedRoom reloaded = member.room(room.id);
        assertThat(reloaded.view().messageIds()).as("the reload shows the emptied table").isEmpty();
        try (LiveClient again = caughtUp(subscribe(reloaded))) {
            long message = db.message(room.id, room.owner, "after the truncate");
            assertThat(again.changesThrough(change -> isMessage(change, message))).as("the reload is live")
                    .extracting(Changes::describe).contains("chat_message INSERT " + message);
        }
    }

    @Test
    void truncateCascadeResyncsEveryPageOfEveryTableItReaches() throws Exception {
        Room room = room("Canyon");
        long request = db.request(db.room("Elsewhere", room.owner), room.member);
        RendererSession member = login(room.member);
        RendererSession visitor = login(room.visitor);
        assertThat(member.home().rows()).hasSize(2);
        try (LiveClient memberRoom = caughtUp(subscribe(member.room(room.id)));
                LiveClient visitorRoom = caughtUp(subscribe(visitor.room(room.id)));
                LiveClient home = caughtUp(subscribe(member.home()));
                LiveClient rooms = caughtUp(subscribe(directory(visitor)))) {
            execute("TRUNCATE chat_room CASCADE"); // and the members, requests and messages that reference rooms

            for (LiveClient page : List.of(memberRoom, visitorRoom, home, rooms)) {
                assertTruncated(page, "chat_room");
            }
        }
        RenderedHome reloaded = member.home();
        assertThat(reloaded.rows()).as("the reload shows no rooms, no membership, no request %d", request).isEmpty();
        try (LiveClient again = caughtUp(subscribe(reloaded))) {
            long newRoom = db.room("Rebuilt", room.owner);
            long newRequest = db.request(newRoom, room.member);
            String pending = "chat_room_join_request INSERT " + newRequest + " pending";
            assertThat(again.changesThrough(change -> Changes.describe(change).equals(pending)))
                    .as("the reload is live").extracting(Changes::describe).contains(pending);
        }
    }

    @Test
    void oneStatementTruncatingSeveralTablesResyncsEachPageThatShowsOneOfThem() throws Exception {
        Room room = room("Lagoon");
        RendererSession member = login(room.member);
        RendererSession visitor = login(room.visitor);
        // Heartbeats first: the statement's records share a position, so the member's page must not take the message
        // truncate behind the heartbeat truncate for one it has passed.
        try (LiveClient memberRoom = caughtUp(subscribe(member.room(room.id)));
                LiveClient visitorRoom = caughtUp(subscribe(visitor.room(room.id)));
                LiveClient home = caughtUp(subscribe(member.home()))) {
            execute("TRUNCATE nostale_heartbeat, chat_message");

            assertTruncated(memberRoom, "chat_message");
            assertUndisturbed(room.id, "Lagoon after two tables", visitorRoom, home);
        }
        // Two tables the home page and the visitor's page do not show come first; the third they do.
        try (LiveClient memberRoom = caughtUp(subscribe(member.room(room.id)));
                LiveClient visitorRoom = caughtUp(subscribe(visitor.room(room.id)));
                LiveClient home = caughtUp(subscribe(member.home()));
                LiveClient rooms = caughtUp(subscribe(directory(member)))) {
            execute("TRUNCATE nostale_heartbeat, chat_message, chat_room_join_request");

            assertTruncated(memberRoom, "chat_message");
            for (LiveClient page : List.of(visitorRoom, home, rooms)) {
                assertTruncated(page, "chat_room_join_request");
            }
        }
    }

    /** History replay applies the snapshot rule to truncates too: only a page read before the truncate resyncs. */
    @Test
    void aPageConnectingAfterTheTruncateResyncsOnlyIfItWasReadBeforeIt() throws Exception {
        Room room = room("Harbour");
        long request = db.request(db.room("Pending", room.owner), room.visitor);
        RendererSession session = login(room.visitor);
        RenderedHome readBefore = session.home();
        assertThat(readBefore.rows()).extracting(RenderedHome.Row::status).contains("pending");
        execute("TRUNCATE chat_room_join_request");
        RenderedHome readAfter = session.home();
        assertThat(readAfter.rows()).as("request %d is gone", request).extracting(RenderedHome.Row::status)
                .doesNotContain("pending");

        try (LiveClient before = subscribe(readBefore)) {
            assertTruncated(before, "chat_room_join_request");
        }
        try (LiveClient after = subscribe(readAfter)) {
            long again = db.request(room.id, room.visitor);
            String pending = "chat_room_join_request INSERT " + again + " pending";
            assertThat(after.changesThrough(change -> Changes.describe(change).equals(pending)))
                    .as("replayed across the truncate without a resync").extracting(Changes::describe).contains(pending);
        }
    }

    /** The page's frames up to the close: exactly one resync, {@code truncated}, naming the table; close 4409. */
    private static void assertTruncated(LiveClient page, String table) throws Exception {
        List<JsonNode> frames = page.framesUntilClosed(CLOSE);
        List<JsonNode> resyncs = frames.stream().filter(f -> "resync".equals(f.path("type").asString())).toList();
        assertThat(resyncs).as("frames %s", frames).hasSize(1);
        assertThat(resyncs.get(0).path("reason").asString()).as("%s", resyncs.get(0)).isEqualTo("truncated");
        assertThat(resyncs.get(0).path("detail").asString()).contains("table " + table + " ");
        assertThat(frames.get(frames.size() - 1)).as("nothing after the resync").isEqualTo(resyncs.get(0));
        assertThat(page.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(4409);
    }

    /** Each page receives the rename committed after the truncate, and nothing but changes on its way there. */
    private void assertUndisturbed(long roomId, String title, LiveClient... pages) throws Exception {
        db.rename(roomId, title);
        for (LiveClient page : pages) {
            List<JsonNode> changes = page.changesThrough(change -> "chat_room".equals(change.path("table").asString())
                    && title.equals(change.path("after").path("title").asString()));
            assertThat(changes).isNotEmpty();
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = sut.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static LiveClient caughtUp(LiveClient client) throws InterruptedException {
        client.changesUntilCaughtUp();
        return client;
    }

    private static boolean isMessage(JsonNode frame, long id) {
        return "chat_message".equals(frame.path("table").asString()) && Changes.describe(frame).endsWith(" " + id);
    }

    /** A room with its owner, a member and a visitor (no grants, no request). */
    private Room room(String title) throws Exception {
        User owner = db.user("owner");
        User member = db.user("member");
        User visitor = db.user("visitor");
        long id = db.room(title, owner);
        db.admit(db.request(id, member));
        return new Room(id, owner, member, visitor);
    }

    private RendererSession login(User user) throws Exception {
        return RendererSession.login(sut.rendererUrl(), user.username(), Db.PASSWORD);
    }

    private LiveClient subscribe(RenderedRoom page) {
        return LiveClient.subscribe(page, sut.rendererUrl(), "");
    }

    private LiveClient subscribe(RenderedHome page) {
        return LiveClient.subscribe(page, sut.rendererUrl(), "");
    }

    private LiveClient subscribe(JsonNode live) {
        return LiveClient.subscribe(live.path("gateway").asString(), live.path("token").asString(),
                live.path("timepoint").asString(), sut.rendererUrl(), "");
    }

    /** The room directory ({@code /rooms}) as served now: its {@code #nostale-live} block. */
    private static JsonNode directory(RendererSession session) throws Exception {
        String html = session.get("/rooms").body();
        Matcher live = LIVE_BLOCK.matcher(html);
        assertThat(live.find()).as("/rooms has a nostale-live block").isTrue();
        return JSON.readTree(live.group(1));
    }

    private record Room(long id, User owner, User member, User visitor) {
    }
}
