package io.nostale.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.wire.SigningKeys;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.SubscriptionTokens;
import io.nostale.wire.TokenCheck;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The renderer in Debian's headless Chromium against a {@link FakeGateway}: sign in, open a page, read what it
 * subscribed with, and script the gateway's frames (changes carry real rows read with {@code row_to_json}, every
 * frame that moves the resume point carries a proof, as the real gateway's do).
 */
public abstract class BrowserITSupport extends RendererITSupport {

    protected static final String STREAM = "browser-it-stream";
    protected static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicLong OFFSET = new AtomicLong(1_000);
    protected static FakeGateway gateway;
    protected static WebDriver driver;
    protected final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startBrowserAndGateway() throws IOException {
        gateway = new FakeGateway(GATEWAY_PORT);
        driver = HeadlessChromium.start();
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

    /** Signs in through the login form (which lands on the home page) and drains that page's subscribe. */
    protected void signIn(User user) throws InterruptedException {
        driver.manage().deleteAllCookies();
        driver.get(url("/login"));
        driver.findElement(By.id("username")).sendKeys(user.username());
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("form.stack button[type=submit]")).click();
        await().atMost(WAIT).until(() -> driver.getCurrentUrl().endsWith("/"));
        gateway.nextMessage(15); // the home page's subscribe
    }

    /** Opens {@code path}, returns the subscribe frame it sent (checked against the page's embedded block). */
    protected JsonNode open(String path) throws InterruptedException {
        gateway.drain();
        driver.get(url(path));
        return subscribed();
    }

    /** The next subscribe frame; its token and timepoint are the ones the page now embeds. */
    protected JsonNode subscribed() throws InterruptedException {
        JsonNode subscribe = json.readTree(gateway.nextMessage(15));
        assertThat(subscribe.get("type").asString()).isEqualTo("subscribe");
        JsonNode live = liveBlock();
        assertThat(subscribe.get("token")).isEqualTo(live.get("token"));
        assertThat(subscribe.get("timepoint")).isEqualTo(live.get("timepoint"));
        return subscribe;
    }

    /** The page's current {@code #nostale-live} document (as the DOM holds it now). */
    protected JsonNode liveBlock() {
        return json.readTree((String) js("return document.getElementById('nostale-live').textContent"));
    }

    protected JsonNode modelBlock() {
        return json.readTree((String) js("return document.getElementById('nostale-model').textContent"));
    }

    /** The claims of a subscription token, verified with the renderer's key. */
    protected static SubscriptionClaims claims(JsonNode subscribe) {
        TokenCheck check = new SubscriptionTokens(SigningKeys.parse(TOKEN_KEYS), Clock.systemUTC())
                .verify(subscribe.get("token").asString());
        assertThat(check).isInstanceOf(TokenCheck.Accepted.class);
        return ((TokenCheck.Accepted) check).claims();
    }

    protected static String proof(long offset) {
        return "it.proof-" + offset;
    }

    protected void caughtUp() throws IOException {
        gateway.send(positioned("caught-up", OFFSET.incrementAndGet()));
        awaitStatus("live");
    }

    protected void heartbeat() throws IOException {
        gateway.send(positioned("heartbeat", OFFSET.incrementAndGet()));
    }

    protected long lastOffset() {
        return OFFSET.get();
    }

    protected void resync(String reason) throws IOException {
        gateway.sendAndClose("{\"type\":\"resync\",\"reason\":\"" + reason + "\",\"detail\":\"test\"}", 4409);
    }

    protected long sendChange(String table, String op, String before, String after) throws IOException {
        long offset = OFFSET.incrementAndGet();
        ObjectNode message = (ObjectNode) json.readTree(positioned("change", offset));
        message.put("xid", 1000 + offset).put("table", table).put("op", op)
                .put("commitMillis", System.currentTimeMillis());
        message.set("before", before == null ? json.createObjectNode() : json.readTree(before));
        message.set("after", after == null ? json.createObjectNode() : json.readTree(after));
        gateway.send(json.writeValueAsString(message));
        return offset;
    }

    private static String positioned(String type, long offset) {
        return "{\"type\":\"" + type + "\",\"stream\":\"" + STREAM + "\",\"offset\":" + offset
                + ",\"position\":\"0/" + offset + "#0/" + offset + "\",\"proof\":\"" + proof(offset) + "\"}";
    }

    /** The row as the relay would carry it: bigint as number, text as string. */
    protected String row(String table, long id) {
        return jdbc.queryForObject("SELECT row_to_json(t)::text FROM " + table + " t WHERE id = ?", String.class, id);
    }

    protected String memberRow(long roomId, User user) {
        return jdbc.queryForObject(
                "SELECT row_to_json(m)::text FROM chat_room_member m WHERE room_id = ? AND user_id = ?",
                String.class, roomId, user.id());
    }

    protected long message(long roomId, User author, String body) {
        return jdbc.queryForObject(
                "INSERT INTO chat_message (room_id, author_id, body) VALUES (?, ?, ?) RETURNING id",
                Long.class, roomId, author.id(), body);
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    protected Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    protected String status() {
        return driver.findElement(By.cssSelector("[data-live-status]")).getDomAttribute("data-live-status");
    }

    protected void awaitStatus(String expected) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(status()).isEqualTo(expected));
    }

    /** Waits until the script {@code condition} (a JS expression) is true in the page. */
    protected void awaitTrue(String condition) {
        await().atMost(WAIT).ignoreExceptions().until(() -> Boolean.TRUE.equals(js("return Boolean(" + condition + ")")));
    }

    /** Puts a marker on the window: it survives anything but a page load. */
    protected void markWindow() {
        js("window.__nostaleMarker = 'still the same page'");
    }

    protected boolean windowMarkerSurvived() {
        return "still the same page".equals(js("return window.__nostaleMarker ?? null"));
    }
}
