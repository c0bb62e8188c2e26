package io.nostale.renderer.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.renderer.BrowserITSupport;
import io.nostale.wire.PageGrant;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

/**
 * A room's page in Chromium against the fake gateway: messages, members and the owner's requests follow the
 * stream; "Load older messages" merges with live changes by version; access-changed swaps the page in place
 * (a window marker survives) and reconnects with the new token; other resyncs reload; resume carries the proof.
 */
class RoomScriptBrowserIT extends BrowserITSupport {

    /** Each list item of the page's three lists, as the reader sees it. */
    private static final String ITEMS = "return [...%s.querySelectorAll('#message-list > li, #member-list > li,"
            + " #request-list > li')].map(e => e.parentElement.id + ':' + (e.dataset.messageId ?? e.dataset.requestId"
            + " ?? e.dataset.userId) + ':' + e.textContent)";

    @Test
    void ownerPageAppliesMessagesMembersRequestsAndRenameAndEndsEqualToAFreshRender() throws Exception {
        User owner = user("owner");
        User member = user("member");
        User guest = user("guest");
        long room = room("Kitchen", owner);
        join(room, member);
        long first = message(room, owner, "first");
        long second = message(room, member, "second");
        long guestRequest = request(room, guest);
        signIn(owner);
        JsonNode subscribe = open("/rooms/" + room);
        assertThat(claims(subscribe).page()).isEqualTo("room:" + room);
        assertThat(claims(subscribe).grants()).isEqualTo(Set.of(PageGrant.MEMBER, PageGrant.OWNER));
        assertThat(liveBlock().get("grants").toString()).isEqualTo("[\"member\",\"owner\"]");
        js("document.querySelectorAll('#live-region li').forEach(e => e.__rendered = true)");
        markWindow();
        caughtUp();
        assertThat(items()).containsExactly(
                "request-list:" + guestRequest + ":Display guest" + stampOf("chat_room_join_request", guestRequest)
                        + "AdmitDeny",
                "message-list:" + first + ":Display owner " + stampOf("chat_message", first) + "first",
                "message-list:" + second + ":Display member " + stampOf("chat_message", second) + "second",
                "member-list:" + member.id() + ":Display member",
                "member-list:" + owner.id() + ":Display owner owner");
        awaitTrue("[...document.querySelectorAll('#live-region li')].every(e => e.__rendered)");

        // a message by someone the page has no name for yet (the name comes from /api/users), then edits
        User writer = user("writer");
        join(room, writer);
        sendChange("chat_room_member", "INSERT", null, memberRow(room, writer));
        long third = message(room, writer, "third <b>not bold</b>");
        sendChange("chat_message", "INSERT", null, row("chat_message", third));
        awaitItem("message-list:" + third + ":Display writer " + stampOf("chat_message", third) + "third <b>not bold</b>");
        String v1 = row("chat_message", second);
        jdbc.update("UPDATE chat_message SET body = 'second, edited' WHERE id = ?", second);
        sendChange("chat_message", "UPDATE", v1, row("chat_message", second));
        sendChange("chat_message", "UPDATE", v1, v1); // an older version arriving late must not win
        long fourth = message(room, member, "fourth");
        sendChange("chat_message", "INSERT", null, row("chat_message", fourth));
        awaitItem("message-list:" + fourth + ":Display member " + stampOf("chat_message", fourth) + "fourth");
        assertThat(items()).contains("message-list:" + second + ":Display member " + stampOf("chat_message", second)
                + "second, edited");
        String firstRow = row("chat_message", first);
        jdbc.update("DELETE FROM chat_message WHERE id = ?", first);
        sendChange("chat_message", "DELETE", firstRow, null);
        await().atMost(WAIT).until(() -> items().stream().noneMatch(i -> i.startsWith("message-list:" + first + ":")));

        // a new request (requester's name fetched), the old one admitted, the member list follows
        User late = user("late");
        long lateRequest = request(room, late);
        sendChange("chat_room_join_request", "INSERT", null, row("chat_room_join_request", lateRequest));
        awaitItem("request-list:" + lateRequest + ":Display late" + stampOf("chat_room_join_request", lateRequest)
                + "AdmitDeny");
        String guestBefore = row("chat_room_join_request", guestRequest);
        jdbc.update("UPDATE chat_room_join_request SET status = 'admitted', decided_at = now() WHERE id = ?",
                guestRequest);
        join(room, guest);
        sendChange("chat_room_join_request", "UPDATE", guestBefore, row("chat_room_join_request", guestRequest));
        sendChange("chat_room_member", "INSERT", null, memberRow(room, guest));
        awaitItem("member-list:" + guest.id() + ":Display guest");
        await().atMost(WAIT).until(() -> items().stream().noneMatch(i -> i.startsWith("request-list:" + guestRequest)));
        String memberRow = memberRow(room, member);
        jdbc.update("DELETE FROM chat_room_member WHERE room_id = ? AND user_id = ?", room, member.id());
        sendChange("chat_room_member", "DELETE", memberRow, null);
        await().atMost(WAIT).until(() -> items().stream().noneMatch(i -> i.equals("member-list:" + member.id()
                + ":Display member")));
        assertThat(driver.findElement(By.id("member-count")).getText()).isEqualTo("3");

        // rename: heading, document title and (untouched) rename field follow
        String roomBefore = row("chat_room", room);
        jdbc.update("UPDATE chat_room SET title = 'Kitchen <i>table</i>' WHERE id = ?", room);
        sendChange("chat_room", "UPDATE", roomBefore, row("chat_room", room));
        awaitTrue("document.getElementById('room-title').textContent === 'Kitchen <i>table</i>'");
        assertThat(driver.getTitle()).isEqualTo("Kitchen <i>table</i> · nostale");
        assertThat(driver.findElement(By.id("rename-title")).getDomProperty("value")).isEqualTo("Kitchen <i>table</i>");

        // Admit through the page: posted in the background, the page stays; the stream brings the result
        driver.findElement(By.cssSelector("li[data-request-id='" + lateRequest + "'] button[type=submit]")).click();
        await().atMost(WAIT).until(() -> "admitted".equals(jdbc.queryForObject(
                "SELECT status FROM chat_room_join_request WHERE id = ?", String.class, lateRequest)));
        String lateBefore = row("chat_room_join_request", lateRequest).replace("\"admitted\"", "\"pending\"");
        sendChange("chat_room_join_request", "UPDATE", lateBefore, row("chat_room_join_request", lateRequest));
        sendChange("chat_room_member", "INSERT", null, memberRow(room, late));
        awaitItem("member-list:" + late.id() + ":Display late");
        assertThat(driver.findElement(By.id("requests-empty")).isDisplayed()).isTrue();

        assertThat(windowMarkerSurvived()).isTrue();
        assertThat(items()).isEqualTo(freshItems(owner, room));
        assertThat(js("return document.getElementById('room-title').textContent")).isEqualTo("Kitchen <i>table</i>");
        assertThat(js("return document.querySelectorAll('main b, main i').length")).isEqualTo(0L);
    }

    @Test
    void loadOlderMessagesMergesWithLiveUpdatesByVersion() throws Exception {
        User owner = user("owner");
        long room = room("Long history", owner);
        jdbc.update("""
                INSERT INTO chat_message (room_id, author_id, body)
                SELECT ?, ?, 'message ' || n FROM generate_series(1, 120) n ORDER BY n""", room, owner.id());
        List<Long> ids = jdbc.queryForList("SELECT id FROM chat_message WHERE room_id = ? ORDER BY id", Long.class,
                room);
        signIn(owner);
        open("/rooms/" + room);
        caughtUp();
        assertThat(bodies()).hasSize(50).first().isEqualTo("message 71");
        // the button sits above the oldest message, at the top of the message pane (scrolled to the newest)
        awaitTrue("!document.getElementById('load-older').hidden");

        // changes of messages not loaded yet: the stream is ahead of what "load older" will read
        long sixty = ids.get(59);
        String sixtyRow = row("chat_message", sixty);
        jdbc.update("UPDATE chat_message SET body = 'sixty, edited once' WHERE id = ?", sixty);
        sendChange("chat_message", "UPDATE", sixtyRow, row("chat_message", sixty).replace("sixty, edited once",
                "sixty, edited twice").replace("\"version\":2", "\"version\":3"));
        long fiftyFive = ids.get(54);
        sendChange("chat_message", "DELETE", row("chat_message", fiftyFive), null);
        long live = message(room, owner, "live while loading");
        sendChange("chat_message", "INSERT", null, row("chat_message", live));
        awaitTrue("document.querySelector('#message-list > li:last-child p').textContent === 'live while loading'");
        assertThat(bodies()).hasSize(51).doesNotContain("sixty, edited twice");

        driver.findElement(By.id("load-older")).click();
        await().atMost(WAIT).until(() -> bodies().size() == 100);
        List<String> afterFirst = bodies();
        assertThat(afterFirst.get(0)).isEqualTo("message 21");
        assertThat(afterFirst).contains("sixty, edited twice").doesNotContain("message 55", "message 60",
                "sixty, edited once");
        assertThat(messageIds()).isSorted();

        driver.findElement(By.id("load-older")).click();
        await().atMost(WAIT).until(() -> bodies().size() == 120);
        assertThat(bodies().get(0)).isEqualTo("message 1");
        assertThat(bodies().get(119)).isEqualTo("live while loading");
        assertThat(messageIds()).isSorted().doesNotHaveDuplicates();
        awaitTrue("document.getElementById('load-older').hidden");

        // live changes keep applying to loaded history
        String tenRow = row("chat_message", ids.get(9));
        jdbc.update("UPDATE chat_message SET body = 'ten, edited' WHERE id = ?", ids.get(9));
        sendChange("chat_message", "UPDATE", tenRow, row("chat_message", ids.get(9)));
        awaitTrue("document.querySelector('#message-list > li:nth-child(10) p').textContent === 'ten, edited'");
    }

    @Test
    void accessChangedSwapsThePageInPlaceWhenAdmittedAndWhenLeaving() throws Exception {
        User owner = user("owner");
        User visitor = user("visitor");
        long room = room("Members only", owner);
        long secret = message(room, owner, "for members");
        long request = request(room, visitor);
        signIn(visitor);
        JsonNode visiting = open("/rooms/" + room);
        assertThat(claims(visiting).grants()).isEmpty();
        markWindow();
        caughtUp();
        assertThat(driver.findElement(By.id("join-state")).getDomAttribute("data-state")).isEqualTo("pending");
        assertThat(driver.findElement(By.id("join-state")).getText()).contains("Waiting to be admitted");
        assertThat(driver.findElements(By.cssSelector("[data-message-id]"))).isEmpty();

        // a heartbeat and a dropped connection: the page resumes with the proof of its last point
        heartbeat();
        long point = lastOffset();
        gateway.close(1001);
        JsonNode resumed = subscribed();
        assertThat(resumed.get("resume").get("offset").asLong()).isEqualTo(point);
        assertThat(resumed.get("resume").get("proof").asString()).isEqualTo(proof(point));
        caughtUp();

        // admitted: the gateway delivers the decision and the member row, then ends the stream (access-changed)
        String before = row("chat_room_join_request", request);
        jdbc.update("UPDATE chat_room_join_request SET status = 'admitted', decided_at = now() WHERE id = ?", request);
        join(room, visitor);
        sendChange("chat_room_join_request", "UPDATE", before, row("chat_room_join_request", request));
        sendChange("chat_room_member", "INSERT", null, memberRow(room, visitor));
        resync("access-changed");

        JsonNode member = subscribed(); // the swapped page's new token and timepoint
        assertThat(member.has("resume")).isFalse();
        assertThat(member.get("token")).isNotEqualTo(visiting.get("token"));
        assertThat(claims(member).grants()).isEqualTo(Set.of(PageGrant.MEMBER));
        assertThat(windowMarkerSurvived()).as("swapped in place, not reloaded").isTrue();
        assertThat(driver.findElement(By.cssSelector("[data-message-id='" + secret + "'] p")).getText())
                .isEqualTo("for members");
        assertThat(driver.findElement(By.id("room-flash")).getDomAttribute("data-flash")).isEqualTo("admitted");
        assertThat(driver.findElement(By.id("room-flash")).getText()).isEqualTo("You were admitted");
        assertThat(driver.findElements(By.id("join-state"))).isEmpty();
        assertThat(modelBlock().get("member").asBoolean()).isTrue();
        caughtUp();

        // the page works after the swap: a live message, then "Leave room" posted in the background
        long hello = message(room, owner, "welcome!");
        sendChange("chat_message", "INSERT", null, row("chat_message", hello));
        awaitTrue("document.querySelector(\"[data-message-id='" + hello + "'] p\")?.textContent === 'welcome!'");
        String memberRow = memberRow(room, visitor);
        driver.findElement(By.cssSelector("#leave button[type=submit]")).click();
        await().atMost(WAIT).until(() -> jdbc.queryForObject("SELECT count(*) FROM chat_room_member"
                + " WHERE room_id = ? AND user_id = ?", Long.class, room, visitor.id()) == 0);
        sendChange("chat_room_member", "DELETE", memberRow, null);
        resync("access-changed");

        JsonNode left = subscribed();
        assertThat(claims(left).grants()).isEmpty();
        assertThat(windowMarkerSurvived()).isTrue();
        await().atMost(WAIT).until(() -> driver.findElements(By.cssSelector("[data-message-id]")).isEmpty());
        assertThat(driver.findElement(By.id("room-flash")).getText()).isEqualTo("You left this room");
        assertThat(driver.findElement(By.id("join-state")).getDomAttribute("data-state")).isEqualTo("none");
        assertThat(driver.findElement(By.cssSelector("#join-state button")).getText()).isEqualTo("Request to join");
        caughtUp();
    }

    @Test
    void otherResyncReasonsReloadTheRoomPage() throws Exception {
        User owner = user("owner");
        long room = room("Reloading", owner);
        signIn(owner);
        JsonNode first = open("/rooms/" + room);
        caughtUp();
        markWindow();

        resync("history-expired");

        JsonNode again = subscribed();
        assertThat(again.has("resume")).isFalse();
        assertThat(again.get("token")).isNotEqualTo(first.get("token"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !windowMarkerSurvived());
    }

    private String stampOf(String table, long id) {
        return jdbc.queryForObject("SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC'"
                + " FROM " + table + " WHERE id = ?", String.class, id);
    }

    @SuppressWarnings("unchecked")
    private List<String> items() {
        return (List<String>) js(ITEMS.formatted("document"));
    }

    private void awaitItem(String expected) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(items()).contains(expected));
    }

    @SuppressWarnings("unchecked")
    private List<String> bodies() {
        return (List<String>) js("return [...document.querySelectorAll('#message-list > li p')].map(p => p.textContent)");
    }

    @SuppressWarnings("unchecked")
    private List<Long> messageIds() {
        return ((List<String>) js("return [...document.querySelectorAll('#message-list > li')]"
                + ".map(e => e.dataset.messageId)")).stream().map(Long::parseLong).toList();
    }

    /** The same projection of a fresh render, parsed by the browser. */
    @SuppressWarnings("unchecked")
    private List<String> freshItems(User user, long room) {
        String html = signedIn(user).get("/rooms/" + room).body();
        return (List<String>) js("const d = new DOMParser().parseFromString(arguments[0], 'text/html');"
                + ITEMS.formatted("d"), html);
    }
}
