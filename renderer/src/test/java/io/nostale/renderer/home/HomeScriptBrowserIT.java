package io.nostale.renderer.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.renderer.Browser;
import io.nostale.renderer.FakeGateway;
import io.nostale.renderer.HomeHtml;
import io.nostale.renderer.RendererITSupport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The home script in headless Chromium against a {@link FakeGateway} speaking the brief's protocol: rows
 * appear, get promoted, disappear and move as change messages arrive, the DOM converges to a fresh render,
 * and connection loss and resync behave as specified. Writes are real SQL; the messages carry the rows.
 */
class HomeScriptBrowserIT extends RendererITSupport {

    private static final String STREAM = "test-stream";
    private static final AtomicLong OFFSET = new AtomicLong(100);
    private static FakeGateway gateway;
    private static WebDriver driver;
    private final JsonMapper json = JsonMapper.builder().build();
    private User me;
    private User owner;

    @BeforeAll
    static void startBrowserAndGateway() throws IOException {
        gateway = new FakeGateway(GATEWAY_PORT);
        driver = io.nostale.renderer.HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowserAndGateway() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @BeforeEach
    void users() {
        me = user("me");
        owner = user("owner");
    }

    /** Signs in through the form, which lands on the home page: exactly one page load subscribes. */
    private void openHomePage() {
        driver.manage().deleteAllCookies();
        driver.get("http://localhost:" + port + "/login");
        gateway.drain(); // the previous test's page is gone now
        driver.findElement(By.id("username")).sendKeys(me.username());
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("form.stack button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> driver.getCurrentUrl().endsWith("/"));
    }

    @Test
    void appliesCreateAdmitDenyRenameAndLeaveInSortedOrderAndEndsEqualToAFreshRender() throws Exception {
        long mango = room("Mango", owner);
        join(mango, me);
        long kiwi = room("Kiwi", owner);
        long kiwiRequest = request(kiwi, me);
        long apple = room("Apple", owner);
        long zebra = room("Zebra", owner);
        openHomePage();
        JsonNode subscribe = subscribeFromPage();
        assertThat(subscribe.has("resume")).isFalse();
        assertThat(status()).isEqualTo("connecting");
        caughtUp();
        awaitStatus("live");
        assertThat(domRows()).containsExactly(kiwi + ":pending:Kiwi Waiting to be admitted", mango + ":joined:Mango");

        // create: a request for a room whose title the page never had (the script fetches it)
        long appleRequest = request(apple, me);
        sendChange("chat_room_join_request", "INSERT", null, row("chat_room_join_request", appleRequest));
        awaitRows(apple + ":pending:Apple Waiting to be admitted", kiwi + ":pending:Kiwi Waiting to be admitted",
                mango + ":joined:Mango");

        // admit: status and member row in one transaction, two messages
        String kiwiBefore = row("chat_room_join_request", kiwiRequest);
        jdbc.update("UPDATE chat_room_join_request SET status = 'admitted', decided_at = now() WHERE id = ?", kiwiRequest);
        join(kiwi, me);
        sendChange("chat_room_join_request", "UPDATE", kiwiBefore, row("chat_room_join_request", kiwiRequest));
        sendChange("chat_room_member", "INSERT", null, memberRow(kiwi, me));
        awaitRows(apple + ":pending:Apple Waiting to be admitted", kiwi + ":joined:Kiwi", mango + ":joined:Mango");

        // deny
        String appleBefore = row("chat_room_join_request", appleRequest);
        jdbc.update("UPDATE chat_room_join_request SET status = 'denied', decided_at = now() WHERE id = ?", appleRequest);
        sendChange("chat_room_join_request", "UPDATE", appleBefore, row("chat_room_join_request", appleRequest));
        awaitRows(kiwi + ":joined:Kiwi", mango + ":joined:Mango");

        // rename moves the row; a redelivery of the same offset is not applied again
        String mangoBefore = row("chat_room", mango);
        jdbc.update("UPDATE chat_room SET title = 'Aardvark <b>' WHERE id = ?", mango);
        long renameOffset = sendChange("chat_room", "UPDATE", mangoBefore, row("chat_room", mango));
        gateway.send(changeMessage(renameOffset, "chat_room", "UPDATE", mangoBefore,
                row("chat_room", mango).replace("Aardvark <b>", "Redelivered")));
        awaitRows(mango + ":joined:Aardvark <b>", kiwi + ":joined:Kiwi");

        // leave; and changes of another user's rows change nothing
        User other = user("other");
        join(zebra, other);
        sendChange("chat_room_member", "INSERT", null, memberRow(zebra, other));
        String kiwiMember = memberRow(kiwi, me);
        jdbc.update("DELETE FROM chat_room_member WHERE room_id = ? AND user_id = ?", kiwi, me.id());
        sendChange("chat_room_member", "DELETE", kiwiMember, null);
        awaitRows(mango + ":joined:Aardvark <b>");

        assertThat(domRows()).isEqualTo(freshRender());
        assertThat(driver.findElement(By.id("room-list-empty")).isDisplayed()).isFalse();
    }

    @Test
    void reconnectsAfterAnyCloseAndResumesFromTheLastAppliedPosition() throws Exception {
        long mango = room("Mango", owner);
        join(mango, me);
        openHomePage();
        JsonNode first = subscribeFromPage();
        caughtUp();
        awaitStatus("live");
        long heartbeat = OFFSET.incrementAndGet();
        gateway.send("{\"type\":\"heartbeat\",\"stream\":\"" + STREAM + "\",\"offset\":" + heartbeat
                + ",\"position\":\"0/" + heartbeat + "#0/" + heartbeat + "\"}");

        gateway.close(1001);

        awaitStatus("reconnecting");
        JsonNode again = json.readTree(gateway.nextMessage(15));
        assertThat(again.get("timepoint")).isEqualTo(first.get("timepoint"));
        assertThat(again.get("token")).isEqualTo(first.get("token"));
        assertThat(again.get("resume").get("stream").asString()).isEqualTo(STREAM);
        assertThat(again.get("resume").get("offset").asLong()).isEqualTo(heartbeat);
        assertThat(again.get("resume").get("position").asString()).isEqualTo("0/" + heartbeat + "#0/" + heartbeat);
        caughtUp();
        awaitStatus("live");
    }

    @Test
    void resyncReloadsThePageForAFreshTimepoint() throws Exception {
        openHomePage();
        JsonNode first = subscribeFromPage();
        caughtUp();
        awaitStatus("live");
        ((JavascriptExecutor) driver).executeScript("window.beforeResync = true");

        gateway.send("{\"type\":\"resync\",\"reason\":\"history-expired\",\"detail\":\"test\"}");

        JsonNode afterReload = json.readTree(gateway.nextMessage(15));
        assertThat(afterReload.has("resume")).isFalse();
        assertThat(afterReload.get("token")).isNotEqualTo(first.get("token"));
        assertThat(((JavascriptExecutor) driver).executeScript("return window.beforeResync === undefined"))
                .isEqualTo(true);
        assertThat(status()).isEqualTo("connecting");

        gateway.close(4409);
        JsonNode afterClose = json.readTree(gateway.nextMessage(15));
        assertThat(afterClose.has("resume")).isFalse();
    }

    /** The page's first frame: a subscribe naming the token and timepoint the page embedded. */
    private JsonNode subscribeFromPage() throws Exception {
        JsonNode subscribe = json.readTree(gateway.nextMessage(15));
        JsonNode live = json.readTree(new HomeHtml(driver.getPageSource()).jsonBlock("nostale-live"));
        assertThat(subscribe.get("type").asString()).isEqualTo("subscribe");
        assertThat(subscribe.get("token")).isEqualTo(live.get("token"));
        assertThat(subscribe.get("timepoint")).isEqualTo(live.get("timepoint"));
        return subscribe;
    }

    private void caughtUp() throws IOException {
        long offset = OFFSET.incrementAndGet();
        gateway.send("{\"type\":\"caught-up\",\"stream\":\"" + STREAM + "\",\"offset\":" + offset
                + ",\"position\":\"0/" + offset + "#0/" + offset + "\"}");
    }

    private long sendChange(String table, String op, String before, String after) throws IOException {
        long offset = OFFSET.incrementAndGet();
        gateway.send(changeMessage(offset, table, op, before, after));
        return offset;
    }

    private String changeMessage(long offset, String table, String op, String before, String after) {
        ObjectNode message = json.createObjectNode();
        message.put("type", "change").put("stream", STREAM).put("offset", offset)
                .put("position", "0/" + offset + "#0/" + offset).put("xid", 1000 + offset)
                .put("table", table).put("op", op).put("commitMillis", System.currentTimeMillis());
        message.set("before", before == null ? json.createObjectNode() : json.readTree(before));
        message.set("after", after == null ? json.createObjectNode() : json.readTree(after));
        return json.writeValueAsString(message);
    }

    /** The row as the relay would carry it: bigint as number, text as string. */
    private String row(String table, long id) {
        return jdbc.queryForObject("SELECT row_to_json(t)::text FROM " + table + " t WHERE id = ?", String.class, id);
    }

    private String memberRow(long roomId, User user) {
        return jdbc.queryForObject("SELECT row_to_json(m)::text FROM chat_room_member m WHERE room_id = ? AND user_id = ?",
                String.class, roomId, user.id());
    }

    private String status() {
        return driver.findElement(By.cssSelector("[data-live-status]")).getAttribute("data-live-status");
    }

    private void awaitStatus(String expected) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(status()).isEqualTo(expected));
    }

    private void awaitRows(String... expected) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(domRows()).containsExactly(expected));
    }

    @SuppressWarnings("unchecked")
    private List<String> domRows() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('#room-list > li')]"
                        + ".map(e => e.dataset.roomId + ':' + e.dataset.status + ':' + e.textContent)");
    }

    private List<String> freshRender() {
        Browser browser = signedIn(me);
        return new HomeHtml(browser.get("/").body()).rows().stream()
                .map(row -> row.roomId() + ":" + row.status() + ":" + row.text().replace("&lt;", "<")
                        .replace("&gt;", ">"))
                .toList();
    }
}
