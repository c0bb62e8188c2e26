package io.nostale.renderer.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.renderer.Browser;
import io.nostale.renderer.RendererITSupport;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The create / admit / deny / leave flow a browser drives without JavaScript. */
class RoomFlowIT extends RendererITSupport {

    @Test
    void requestToJoinCreatesOnePendingRequestAndRepeatingItChangesNothing() {
        User owner = user("owner");
        User guest = user("guest");
        long room = room("Open house", owner);
        Browser browser = signedIn(guest);

        assertThat(browser.get("/rooms").body()).contains("action=\"/rooms/" + room + "/requests\"");
        HttpResponse<String> first = browser.post("/rooms/" + room + "/requests", Map.of("back", "list"));
        browser.post("/rooms/" + room + "/requests");

        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/rooms#room-"));
        assertThat(requests(room, guest, "pending")).isEqualTo(1);
        String list = browser.get("/rooms").body();
        assertThat(list).contains("data-room-id=\"" + room + "\" data-state=\"pending\"");
        assertThat(browser.get("/").body()).contains("data-room-id=\"" + room + "\" data-status=\"pending\"");
    }

    @Test
    void requestToJoinIsANoOpForMembers() {
        User owner = user("owner");
        long room = room("Mine", owner);

        signedIn(owner).post("/rooms/" + room + "/requests");

        assertThat(requests(room, owner, "pending")).isZero();
    }

    @Test
    void admitSetsTheStatusAndAddsTheMemberInOneTransaction() {
        User owner = user("owner");
        User guest = user("guest");
        long room = room("Admitting", owner);
        long request = request(room, guest);
        Browser browser = signedIn(owner);

        String page = browser.get("/rooms/" + room).body();
        assertThat(page).contains("data-request-id=\"" + request + "\"");
        HttpResponse<String> admitted = browser.post("/requests/" + request + "/admit");

        assertThat(admitted.statusCode()).isEqualTo(302);
        assertThat(jdbc.queryForObject("SELECT status FROM chat_room_join_request WHERE id = ?", String.class, request))
                .isEqualTo("admitted");
        assertThat(jdbc.queryForObject("SELECT decided_at IS NOT NULL FROM chat_room_join_request WHERE id = ?",
                Boolean.class, request)).isTrue();
        // xmin is the id of the transaction that wrote the row version: one transaction wrote both
        String requestXmin = jdbc.queryForObject("SELECT xmin::text FROM chat_room_join_request WHERE id = ?",
                String.class, request);
        String memberXmin = jdbc.queryForObject(
                "SELECT xmin::text FROM chat_room_member WHERE room_id = ? AND user_id = ?", String.class, room,
                guest.id());
        assertThat(memberXmin).isEqualTo(requestXmin);
        assertThat(signedIn(guest).get("/").body()).contains("data-room-id=\"" + room + "\" data-status=\"joined\"");
    }

    @Test
    void onlyTheOwnerMayAdmitOrDeny() {
        User owner = user("owner");
        User guest = user("guest");
        User member = user("member");
        long room = room("Guarded", owner);
        join(room, member);
        long request = request(room, guest);
        Browser notOwner = signedIn(member);

        assertThat(notOwner.post("/requests/" + request + "/admit").statusCode()).isEqualTo(403);
        assertThat(notOwner.post("/requests/" + request + "/deny").statusCode()).isEqualTo(403);
        assertThat(signedIn(guest).post("/requests/" + request + "/admit").statusCode()).isEqualTo(403);

        assertThat(requests(room, guest, "pending")).isEqualTo(1);
        assertThat(isMember(room, guest)).isFalse();
        assertThat(notOwner.get("/rooms/" + room).body()).doesNotContain("data-request-id");
    }

    @Test
    void denyDecidesTheRequestWithoutMembership() {
        User owner = user("owner");
        User guest = user("guest");
        long room = room("Denying", owner);
        long request = request(room, guest);

        signedIn(owner).post("/requests/" + request + "/deny");

        assertThat(requests(room, guest, "denied")).isEqualTo(1);
        assertThat(isMember(room, guest)).isFalse();
        Browser guestBrowser = signedIn(guest);
        assertThat(guestBrowser.get("/").body()).doesNotContain("data-room-id=\"" + room + "\"");
        // a denied visitor may ask again
        assertThat(guestBrowser.get("/rooms/" + room).body()).contains("Request to join");
    }

    @Test
    void decidingAnUnknownRequestIs404() {
        assertThat(signedIn(user("owner")).post("/requests/987654321/admit").statusCode()).isEqualTo(404);
    }

    @Test
    void membersSeeMessagesOldestFirstMembersAndCanPostAndLeave() {
        User owner = user("owner");
        User member = user("member");
        long room = room("Talk", owner);
        join(room, member);
        long first = message(room, owner, "first <b>bold</b>");
        long second = message(room, member, "second");
        Browser browser = signedIn(member);

        String page = browser.get("/rooms/" + room).body();
        assertThat(page.indexOf("data-message-id=\"" + first + "\""))
                .isPositive().isLessThan(page.indexOf("data-message-id=\"" + second + "\""));
        assertThat(page).contains("first &lt;b&gt;bold&lt;/b&gt;").contains("Display owner").contains("Leave room");
        assertThat(page).doesNotContain("data-request-id");

        assertThat(browser.post("/rooms/" + room + "/messages", Map.of("body", "  hello  ")).statusCode())
                .isEqualTo(302);
        assertThat(jdbc.queryForObject("SELECT body FROM chat_message WHERE room_id = ? ORDER BY id DESC LIMIT 1",
                String.class, room)).isEqualTo("hello");

        browser.post("/rooms/" + room + "/leave");
        assertThat(isMember(room, member)).isFalse();
        assertThat(browser.post("/rooms/" + room + "/messages", Map.of("body", "still here?")).statusCode())
                .isEqualTo(403);
    }

    @Test
    void nonMembersSeeOnlyTheTitleAndTheirRequestState() {
        User owner = user("owner");
        User visitor = user("visitor");
        long room = room("Private talk", owner);
        message(room, owner, "secret plans");
        request(room, visitor);

        String page = signedIn(visitor).get("/rooms/" + room).body();

        assertThat(page).contains("Private talk").contains("Waiting to be admitted");
        assertThat(page).doesNotContain("secret plans").doesNotContain("data-message-id")
                .doesNotContain("Leave room").doesNotContain("/messages");
    }

    @Test
    void emptyMessagesAreRefused() {
        User owner = user("owner");
        long room = room("Quiet", owner);

        assertThat(signedIn(owner).post("/rooms/" + room + "/messages", Map.of("body", "   ")).statusCode())
                .isEqualTo(400);
    }

    private long message(long room, User author, String body) {
        return jdbc.queryForObject("INSERT INTO chat_message (room_id, author_id, body) VALUES (?, ?, ?) RETURNING id",
                Long.class, room, author.id(), body);
    }

    private long requests(long room, User user, String status) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM chat_room_join_request WHERE room_id = ? AND user_id = ? AND status = ?",
                Long.class, room, user.id(), status);
    }

    private boolean isMember(long room, User user) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM chat_room_member WHERE room_id = ? AND user_id = ?)", Boolean.class,
                room, user.id()));
    }
}
