package io.nostale.renderer.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.renderer.BrowserITSupport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

/**
 * {@code /rooms} in Chromium against the fake gateway: member counts follow other users' reduced member rows,
 * the visitor's own state follows their requests and memberships, rooms appear, move and go, "Request to join"
 * submits without leaving the page, and the list ends equal to a fresh render.
 */
class RoomsScriptBrowserIT extends BrowserITSupport {

    /** Each row as {@code id:state:count:text}, which is what the page shows. */
    private static final String ROWS = "return [...document.querySelectorAll('#room-directory > li')].map(e =>"
            + " e.dataset.roomId + ':' + e.dataset.state + ':' + e.dataset.memberCount + ':' + e.textContent)";

    @Test
    void appliesCountsStatesAndRoomsAndEndsEqualToAFreshRender() throws Exception {
        User me = user("me");
        User owner = user("owner");
        String tag = "#" + me.username();
        long apricot = room("Apricot " + tag, owner);
        long banana = room("Banana " + tag, owner);
        long bananaRequest = request(banana, me);
        long cherry = room("Cherry " + tag, owner);
        join(cherry, me);
        signIn(me);
        JsonNode subscribe = open("/rooms");
        assertThat(claims(subscribe).page()).isEqualTo("rooms");
        assertThat(claims(subscribe).grants()).isEmpty();
        js("document.querySelectorAll('#room-directory > li').forEach(e => e.__rendered = true)");
        markWindow();
        caughtUp();
        assertThat(row(apricot)).isEqualTo(apricot + ":none:1:Apricot " + tag + "by Display owner1 member"
                + "Request to join");
        assertThat(row(banana)).isEqualTo(banana + ":pending:1:Banana " + tag
                + "by Display owner1 memberWaiting to be admitted");
        assertThat(row(cherry)).isEqualTo(cherry + ":member:2:Cherry " + tag + "by Display owner2 membersMember");
        assertThat(js("return [...document.querySelectorAll('#room-directory > li')].every(e => e.__rendered)"))
                .as("the script keeps server-rendered rows that already show the model").isEqualTo(true);

        // someone else joins Apricot: the gateway sends their row reduced to the room id
        User other = user("other");
        join(apricot, other);
        sendChange("chat_room_member", "INSERT", null, "{\"room_id\":" + apricot + "}");
        awaitRow(apricot, apricot + ":none:2:Apricot " + tag + "by Display owner2 membersRequest to join");

        // admitted to Banana: request decided and own member row, in one transaction
        String requestBefore = row("chat_room_join_request", bananaRequest);
        jdbc.update("UPDATE chat_room_join_request SET status = 'admitted', decided_at = now() WHERE id = ?",
                bananaRequest);
        join(banana, me);
        sendChange("chat_room_join_request", "UPDATE", requestBefore, row("chat_room_join_request", bananaRequest));
        sendChange("chat_room_member", "INSERT", null, memberRow(banana, me));
        awaitRow(banana, banana + ":member:2:Banana " + tag + "by Display owner2 membersMember");

        // a new room by a new owner (their name is fetched: room owners are public) sorts first
        User newcomer = user("newcomer");
        long aardvark = jdbc.queryForObject("INSERT INTO chat_room (title, owner_id) VALUES (?, ?) RETURNING id",
                Long.class, "Aardvark " + tag, newcomer.id());
        sendChange("chat_room", "INSERT", null, row("chat_room", aardvark));
        awaitRow(aardvark, aardvark + ":none:0:Aardvark " + tag + "by Display newcomer0 membersRequest to join");
        assertThat(ids(tag).get(0)).isEqualTo(aardvark);

        // Cherry renamed to the end; I leave it
        String cherryBefore = row("chat_room", cherry);
        jdbc.update("UPDATE chat_room SET title = ? WHERE id = ?", "Zucchini " + tag, cherry);
        sendChange("chat_room", "UPDATE", cherryBefore, row("chat_room", cherry));
        String myCherryRow = memberRow(cherry, me);
        jdbc.update("DELETE FROM chat_room_member WHERE room_id = ? AND user_id = ?", cherry, me.id());
        sendChange("chat_room_member", "DELETE", myCherryRow, null);
        awaitRow(cherry, cherry + ":none:1:Zucchini " + tag + "by Display owner1 memberRequest to join");

        // "Request to join" posts in the background: the page stays, the change arrives through the stream
        driver.findElement(By.cssSelector("#room-" + apricot + " button[type=submit]")).click();
        await().atMost(WAIT).until(() -> pendingRequestId(apricot) != null);
        assertThat(windowMarkerSurvived()).as("no navigation").isTrue();
        sendChange("chat_room_join_request", "INSERT", null, row("chat_room_join_request", pendingRequestId(apricot)));
        awaitRow(apricot, apricot + ":pending:2:Apricot " + tag + "by Display owner2 members"
                + "Waiting to be admitted");

        List<String> mine = rows().stream().filter(r -> r.contains(tag)).toList();
        assertThat(mine).hasSize(4).isEqualTo(freshRows(me, tag));
        assertThat(windowMarkerSurvived()).isTrue();
        assertThat(status()).isEqualTo("live");
    }

    private Long pendingRequestId(long roomId) {
        return jdbc.query("SELECT id FROM chat_room_join_request WHERE room_id = ? AND status = 'pending'",
                (rs, n) -> rs.getLong(1), roomId).stream().findFirst().orElse(null);
    }

    private String row(long roomId) {
        return rows().stream().filter(r -> r.startsWith(roomId + ":")).findFirst().orElse("(no row " + roomId + ")");
    }

    private void awaitRow(long roomId, String expected) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(row(roomId)).isEqualTo(expected));
    }

    @SuppressWarnings("unchecked")
    private List<String> rows() {
        return (List<String>) js(ROWS);
    }

    /** Ids of this test's rows (other tests' rooms are in the same database), in page order. */
    private List<Long> ids(String tag) {
        return rows().stream().filter(r -> r.contains(tag)).map(r -> Long.parseLong(r.substring(0, r.indexOf(':'))))
                .toList();
    }

    /** The same projection of a fresh render of /rooms, parsed by the browser. */
    @SuppressWarnings("unchecked")
    private List<String> freshRows(User user, String tag) {
        String html = signedIn(user).get("/rooms").body();
        List<String> fresh = (List<String>) js("const d = new DOMParser().parseFromString(arguments[0], 'text/html');"
                + ROWS.replace("return [...document", "return [...d"), html);
        return fresh.stream().filter(r -> r.contains(tag)).toList();
    }
}
