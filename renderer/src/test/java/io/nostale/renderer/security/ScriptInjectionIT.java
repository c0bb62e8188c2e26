package io.nostale.renderer.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.renderer.Browser;
import io.nostale.renderer.FakeGateway;
import io.nostale.renderer.HomeHtml;
import io.nostale.renderer.RendererITSupport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Room titles, messages and display names holding HTML and script are inert: the server renders them as
 * escaped text (Mustache), the JSON blocks cannot close their script element, and the live script puts them
 * into the DOM with textContent. Checked on the HTML, and in headless Chromium where {@code window.__pwned}
 * must stay undefined, for server-rendered pages and after live updates through a {@link FakeGateway}.
 */
class ScriptInjectionIT extends RendererITSupport {

    static final String TITLE = "<img src=x onerror=\"window.__pwned=1\"></script><script>window.__pwned=2</script>";
    /** Line and paragraph separators end JavaScript string literals (pre-ES2019); {@code </script} ends the block. */
    static final String JSON_TITLE = "a\u2028b\u2029c</script><script>window.__pwned=3</script><!--'\"&amp;";
    static final String BODY = "<b>bold</b><script>window.__pwned=4</script><img src=x onerror=window.__pwned=5>"
            + "<a href=\"javascript:window.__pwned=6\">x</a>";
    static final String NAME = "<svg onload=window.__pwned=7>";

    private static final Pattern SCRIPT_TAG = Pattern.compile("(?i)<script[^>]*>");
    private static final List<String> LEGITIMATE_SCRIPTS = List.of("<script type=\"module\" src=\"/js/home.js\">",
            "<script type=\"module\" src=\"/js/rooms.js\">", "<script type=\"module\" src=\"/js/room.js\">",
            "<script type=\"application/json\" id=\"nostale-live\">", "<script type=\"application/json\" id=\"nostale-model\">");
    private static final String STREAM = "injection-stream";
    private static final AtomicLong OFFSET = new AtomicLong(5_000);
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
        jdbc.update("UPDATE app_user SET display_name = ? WHERE id = ?", NAME, owner.id());
    }

    @Test
    void serverRenderedPagesShowHostileTextEscapedAndNoLiveTag() throws Exception {
        long hostile = room(TITLE, owner);
        join(hostile, me);
        long jsonRoom = room(JSON_TITLE, owner);
        request(jsonRoom, me);
        long message = message(hostile, owner, BODY);
        Browser browser = signedIn(me);

        String home = browser.get("/").body();
        assertOnlyLegitimateScripts(home);
        // (own patterns, not HomeHtml.rows(): its '.' stops at U+2028, which is a line terminator to java.util.regex)
        assertThat(texts(home, "<li class=\"room\" data-room-id=\"" + hostile + "\" data-status=\"joined\">"
                + "<a class=\"room-title\" href=\"/rooms/" + hostile + "\">(.*?)</a></li>")).containsExactly(TITLE);
        assertThat(texts(home, "<li class=\"room\" data-room-id=\"" + jsonRoom + "\" data-status=\"pending\">"
                + "<span class=\"room-title\">(.*?)</span> <span class=\"room-note\">Waiting to be admitted</span></li>"))
                .containsExactly(JSON_TITLE);
        assertJsonBlockIsInert(new HomeHtml(home).jsonBlock("nostale-model"));
        assertJsonBlockIsInert(new HomeHtml(home).jsonBlock("nostale-live"));

        String rooms = browser.get("/rooms").body();
        assertOnlyLegitimateScripts(rooms);
        assertThat(texts(rooms, "<a class=\"room-title\" href=\"/rooms/" + hostile + "\">(.*?)</a>")).containsExactly(TITLE);
        assertThat(texts(rooms, "<a class=\"room-title\" href=\"/rooms/" + jsonRoom + "\">(.*?)</a>")).containsExactly(JSON_TITLE);
        assertThat(texts(rooms, "<span class=\"owner\">by (.*?)</span>")).contains(NAME);

        String room = browser.get("/rooms/" + hostile).body();
        assertOnlyLegitimateScripts(room);
        assertThat(texts(room, "<title>(.*?) · nostale</title>")).containsExactly(TITLE);
        assertThat(texts(room, "<h1 id=\"room-title\" data-room-id=\"" + hostile + "\">(.*?)</h1>")).containsExactly(TITLE);
        assertThat(texts(room, "<li data-message-id=\"" + message + "\">.*?<p>(.*?)</p></li>")).containsExactly(BODY);
        assertThat(texts(room, "<span class=\"author\">(.*?)</span>")).containsExactly(NAME);
        assertThat(texts(room, "<li data-user-id=\"" + owner.id() + "\">([^<]*) <span class=\"room-note ok\">owner</span></li>"))
                .containsExactly(NAME);
        assertThat(texts(room, "<span class=\"owner-name\">(.*?)</span>")).containsExactly(NAME);
        assertJsonBlockIsInert(new HomeHtml(room).jsonBlock("nostale-model"));

        String ownerView = signedIn(owner).get("/rooms/" + jsonRoom).body();
        assertOnlyLegitimateScripts(ownerView);
        assertThat(texts(ownerView, "<h1 id=\"room-title\" data-room-id=\"" + jsonRoom + "\">(.*?)</h1>"))
                .containsExactly(JSON_TITLE);
        assertJsonBlockIsInert(new HomeHtml(ownerView).jsonBlock("nostale-model"));
    }

    @Test
    void chromiumRunsNoScriptFromServerRenderedPages() throws Exception {
        long hostile = room(TITLE, owner);
        join(hostile, me);
        long jsonRoom = room(JSON_TITLE, owner);
        request(jsonRoom, me);
        message(hostile, owner, BODY);
        openHomePage();

        assertThat(textOf("#room-list > li[data-room-id=\"" + hostile + "\"] .room-title")).isEqualTo(TITLE);
        assertThat(textOf("#room-list > li[data-room-id=\"" + jsonRoom + "\"] .room-title")).isEqualTo(JSON_TITLE);
        assertNeverPwned();

        driver.get("http://localhost:" + port + "/rooms");
        assertThat(textOf("#room-" + hostile + " .room-title")).isEqualTo(TITLE);
        assertNeverPwned();

        driver.get("http://localhost:" + port + "/rooms/" + hostile);
        assertThat(textOf("h1")).isEqualTo(TITLE);
        assertThat(driver.getTitle()).isEqualTo(TITLE + " · nostale");
        assertThat(textOf("ol.messages p")).isEqualTo(BODY);
        assertThat(textOf("span.author")).isEqualTo(NAME);
        assertNeverPwned();
    }

    @Test
    void chromiumRunsNoScriptFromLiveUpdates() throws Exception {
        long plain = room("Plain", owner);
        join(plain, me);
        openHomePage();
        gateway.nextMessage(15); // the page's subscribe
        send(frame("caught-up"));
        awaitStatus("live");

        // a rename through the stream puts the hostile title into an existing row
        String before = row("chat_room", plain);
        jdbc.update("UPDATE chat_room SET title = ? WHERE id = ?", TITLE, plain);
        send(change("chat_room", "UPDATE", before, row("chat_room", plain)));
        awaitText("#room-list > li[data-room-id=\"" + plain + "\"] .room-title", TITLE);

        // a pending row whose title came with the stream (room insert, then the request)
        long streamed = room(JSON_TITLE, owner);
        send(change("chat_room", "INSERT", null, row("chat_room", streamed)));
        long streamedRequest = request(streamed, me);
        send(change("chat_room_join_request", "INSERT", null, row("chat_room_join_request", streamedRequest)));
        awaitText("#room-list > li[data-room-id=\"" + streamed + "\"] .room-title", JSON_TITLE);

        // a pending row whose title the script fetches from /api/rooms/{id}
        long fetched = room(TITLE + " fetched", owner);
        long fetchedRequest = request(fetched, me);
        send(change("chat_room_join_request", "INSERT", null, row("chat_room_join_request", fetchedRequest)));
        awaitText("#room-list > li[data-room-id=\"" + fetched + "\"] .room-title", TITLE + " fetched");
        assertThat(textOf("#room-list > li[data-room-id=\"" + fetched + "\"]")).isEqualTo(TITLE + " fetched Waiting to be admitted");

        assertNeverPwned();
    }

    @Test
    void chromiumRunsNoScriptFromLiveRoomAndDirectoryUpdates() throws Exception {
        long plain = room("Plain", owner);
        join(plain, me);
        openHomePage();
        gateway.nextMessage(15);
        gateway.drain();
        driver.get("http://localhost:" + port + "/rooms/" + plain);
        gateway.nextMessage(15);
        send(frame("caught-up"));
        awaitStatus("live");

        // a hostile message, a member whose hostile name the script fetches, a hostile rename
        long hostileMessage = message(plain, owner, BODY);
        send(change("chat_message", "INSERT", null, row("chat_message", hostileMessage)));
        awaitText("[data-message-id=\"" + hostileMessage + "\"] p", BODY);
        assertThat(textOf("[data-message-id=\"" + hostileMessage + "\"] .author")).isEqualTo(NAME);
        User hostileName = user("hostile");
        jdbc.update("UPDATE app_user SET display_name = ? WHERE id = ?", JSON_TITLE, hostileName.id());
        join(plain, hostileName);
        send(change("chat_room_member", "INSERT", null, jdbc.queryForObject("SELECT row_to_json(m)::text FROM"
                + " chat_room_member m WHERE room_id = ? AND user_id = ?", String.class, plain, hostileName.id())));
        awaitText("#member-list > li[data-user-id=\"" + hostileName.id() + "\"]", JSON_TITLE);
        String before = row("chat_room", plain);
        jdbc.update("UPDATE chat_room SET title = ? WHERE id = ?", TITLE, plain);
        send(change("chat_room", "UPDATE", before, row("chat_room", plain)));
        awaitText("#room-title", TITLE);
        assertThat(driver.getTitle()).isEqualTo(TITLE + " · nostale");
        assertNeverPwned();

        // the directory: a new room with a hostile title by an owner with a hostile name
        gateway.drain();
        driver.get("http://localhost:" + port + "/rooms");
        gateway.nextMessage(15);
        send(frame("caught-up"));
        awaitStatus("live");
        long streamed = jdbc.queryForObject("INSERT INTO chat_room (title, owner_id) VALUES (?, ?) RETURNING id",
                Long.class, JSON_TITLE, owner.id());
        send(change("chat_room", "INSERT", null, row("chat_room", streamed)));
        awaitText("#room-" + streamed + " .room-title", JSON_TITLE);
        assertThat(textOf("#room-" + streamed + " .owner")).isEqualTo("by " + NAME);
        assertNeverPwned();
    }

    private void openHomePage() {
        driver.manage().deleteAllCookies();
        driver.get("http://localhost:" + port + "/login");
        gateway.drain();
        driver.findElement(By.id("username")).sendKeys(me.username());
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("form.stack button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> driver.getCurrentUrl().endsWith("/"));
    }

    /**
     * Nothing ran, and keeps not running while images fail to load and timers fire: no flag, no element built
     * from data (an img or svg would have been parsed from a title), no script beyond the page's own.
     */
    private void assertNeverPwned() {
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> "undefined".equals(js("return typeof window.__pwned")));
        assertThat(js("return document.querySelectorAll('main img, main svg, main b, main script').length")).isEqualTo(0L);
        assertThat(js("return [...document.scripts].every(s => s.src ? /\\/js\\/(home|rooms|room)\\.js$/.test(s.src)"
                + " : s.type === 'application/json')")).isEqualTo(true);
    }

    private static void assertOnlyLegitimateScripts(String html) {
        Matcher tags = SCRIPT_TAG.matcher(html);
        int count = 0;
        while (tags.find()) {
            assertThat(LEGITIMATE_SCRIPTS).as("script tag in the page").contains(tags.group());
            count++;
        }
        assertThat(html.split("(?i)</script", -1).length - 1).as("script end tags").isEqualTo(count);
        assertThat(html).doesNotContainIgnoringCase("<img").doesNotContainIgnoringCase("<svg")
                .doesNotContain("<b>").doesNotContain("href=\"javascript:").doesNotContain("<!--");
    }

    /** The block cannot end its element or open a comment, and still means the original titles. */
    private void assertJsonBlockIsInert(String block) {
        assertThat(block).doesNotContain("<", ">", "&", "\u2028", "\u2029");
        List<String> strings = new ArrayList<>();
        collectStrings(json.readTree(block), strings);
        assertThat(strings).isNotEmpty();
        if (block.contains("\\u003c")) {
            assertThat(strings).containsAnyOf(TITLE, JSON_TITLE);
        }
    }

    private static void collectStrings(JsonNode node, List<String> out) {
        if (node.isString()) {
            out.add(node.asString());
        }
        node.forEach(child -> collectStrings(child, out)); // array elements and object values
    }

    /** Every match of {@code regex}'s group 1, with HTML entities decoded: the text a reader sees. */
    private static List<String> texts(String html, String regex) {
        Matcher matcher = Pattern.compile(regex, Pattern.DOTALL).matcher(html);
        List<String> out = new ArrayList<>();
        while (matcher.find()) {
            assertThat(matcher.group(1)).as("element text holds no markup").doesNotContain("<", ">");
            out.add(unescape(matcher.group(1)));
        }
        return out;
    }

    private static String unescape(String text) {
        Matcher entity = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|quot|amp|apos);").matcher(text);
        StringBuilder out = new StringBuilder();
        while (entity.find()) {
            String name = entity.group(1);
            String decoded = switch (name) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "amp" -> "&";
                case "apos" -> "'";
                default -> Character.toString(name.startsWith("#x") ? Integer.parseInt(name.substring(2), 16)
                        : Integer.parseInt(name.substring(1)));
            };
            entity.appendReplacement(out, Matcher.quoteReplacement(decoded));
        }
        return entity.appendTail(out).toString();
    }

    private long message(long roomId, User author, String body) {
        return jdbc.queryForObject("INSERT INTO chat_message (room_id, author_id, body) VALUES (?, ?, ?) RETURNING id",
                Long.class, roomId, author.id(), body);
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private String textOf(String css) {
        return driver.findElement(By.cssSelector(css)).getAttribute("textContent");
    }

    private void awaitText(String css, String expected) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .untilAsserted(() -> assertThat(textOf(css)).isEqualTo(expected));
    }

    private void awaitStatus(String expected) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                driver.findElement(By.cssSelector("[data-live-status]")).getAttribute("data-live-status")).isEqualTo(expected));
    }

    private void send(String frame) throws IOException {
        gateway.send(frame);
    }

    private String frame(String type) {
        long offset = OFFSET.incrementAndGet();
        return "{\"type\":\"" + type + "\",\"stream\":\"" + STREAM + "\",\"offset\":" + offset
                + ",\"position\":\"0/" + offset + "#0/" + offset + "\"}";
    }

    private String change(String table, String op, String before, String after) {
        long offset = OFFSET.incrementAndGet();
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
}
