package io.nostale.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.systemtest.Db.User;
import io.nostale.systemtest.RenderedHome.Row;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two people side by side, each in their own headless Chromium, on the real product: the room's
 * owner and a visitor who asks to join, is admitted, chats, sees renames and leaves — while plain SQL makes some of
 * the changes too. Pages are read by their DOM hooks (renderer/README.md). Nothing here reloads a page: a marker
 * set on the window must survive every step, also the in-place refreshes when the visitor's access changes.
 * Screenshots of the key moments go to {@code target/screenshots} (the README's pictures are copies).
 */
class BrowserRoomPagesIT {

    private static final Duration LIVE = Duration.ofSeconds(30);
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SystemUnderTest sut = SystemUnderTest.get();
    private final Db db = new Db(sut);

    @Test
    void ownerAndVisitorSideBySideWhileSqlChangesTheRoomToo() throws Exception {
        User owner = db.user("owner");
        User visitor = db.user("visitor");
        User carol = db.user("carol");
        long room = db.room("Quince", owner);
        long lemon = db.room("Lemon", owner);
        db.admit(db.request(lemon, visitor));
        db.message(room, owner, "Welcome to Quince! Introduce yourself.");
        db.message(room, owner, "Tea at five, as usual.");

        try (Browser ownerBrowser = new Browser(); Browser visitorBrowser = new Browser()) {
            Pages pages = open(ownerBrowser, owner, visitorBrowser, visitor, room);

            // a. The visitor asks and waits; the owner admits them; the visitor's page opens up in place.
            visitorWaitsAndIsAdmitted(pages, visitor, room);

            // b. Messages typed by each appear for the other; one from plain SQL appears for both, in order.
            chat(pages, owner, visitor, carol, room);
            assertEqualsFreshRenders(pages, owner, visitor, room);

            // c. Renames (the owner's form, then SQL) reorder the visitor's home page and retitle both room pages.
            pages.visitorHome();
            eventually("visitor's home", () -> assertThat(visitorBrowser.rows())
                    .containsExactly(new Row(lemon, "joined"), new Row(room, "joined")));
            pages.ownerBrowser.type("#rename-title", "Apricot");
            pages.ownerBrowser.click("form#rename button[type=submit]");
            eventually("home reordered by the owner's rename", () -> assertThat(visitorBrowser.rows())
                    .containsExactly(new Row(room, "joined"), new Row(lemon, "joined")));
            assertThat(visitorBrowser.rowText(room)).contains("Apricot");
            db.rename(room, "Quince garden");
            eventually("home reordered by the SQL rename", () -> assertThat(visitorBrowser.rows())
                    .containsExactly(new Row(lemon, "joined"), new Row(room, "joined")));
            assertThat(visitorBrowser.script("return window.__marker")).as("the home tab was not reloaded").isEqualTo(2L);
            pages.visitorRoom();
            eventually("both room pages retitled", () -> {
                assertThat(visitorBrowser.roomView().title()).isEqualTo("Quince garden");
                assertThat(ownerBrowser.roomView().title()).isEqualTo("Quince garden");
                assertThat(ownerBrowser.script("return document.getElementById('rename-title').value"))
                        .isEqualTo("Quince garden");
            });
            assertEqualsFreshRenders(pages, owner, visitor, room);

            // d. The visitor leaves and receives no message after that, while the owner still does.
            visitorLeavesAndHearsNoMore(pages, owner, visitor, carol, room);
            pages.visitorHome();
            eventually("the room left the visitor's home", () -> assertThat(visitorBrowser.rows())
                    .containsExactly(new Row(lemon, "joined")));
            pages.visitorRoom();

            // e. Writes have stopped: every page shows what a fresh render shows.
            assertEqualsFreshRenders(pages, owner, visitor, room);
        }
    }

    private void visitorWaitsAndIsAdmitted(Pages pages, User visitor, long room) throws Exception {
        Browser visitorBrowser = pages.visitorBrowser;
        Browser ownerBrowser = pages.ownerBrowser;
        RenderedRoom.View before = visitorBrowser.roomView();
        assertThat(before.member()).isFalse();
        assertThat(before.joinState()).isEqualTo("none");
        assertThat(before.title()).isEqualTo("Quince");
        visitorBrowser.click("#join-state form button[type=submit]");
        eventually("the visitor's request shows on their page", () -> {
            assertThat(visitorBrowser.roomView().joinState()).isEqualTo("pending");
            assertThat(text(visitorBrowser, "#join-state")).contains("Waiting to be admitted");
        });
        assertOnlyTitleAndState(visitorBrowser);
        long request = db.queryLong("SELECT id FROM chat_room_join_request WHERE room_id = ? AND user_id = ? AND status = 'pending'",
                room, visitor.id());
        eventually("the request shows on the owner's page", () -> assertThat(ownerBrowser.roomView().requestIds())
                .containsExactly(request));
        assertThat(text(ownerBrowser, "#request-list li[data-request-id='" + request + "'] .requester")).isEqualTo("Visitor");
        shoot(ownerBrowser, "room-owner-request");
        shoot(visitorBrowser, "room-visitor-waiting");
        sideBySide("two-users-request", "room-owner-request", "room-visitor-waiting");

        visitorBrowser.script("window.__marker = 1");
        ownerBrowser.click("#request-list li[data-request-id='" + request + "'] form[action$='/admit'] button");
        List<Long> messages = db.messageIds(room);
        eventually("the visitor's page opens up", () -> {
            RenderedRoom.View view = visitorBrowser.roomView();
            assertThat(view.member()).isTrue();
            assertThat(view.joinState()).isEmpty();
            assertThat(view.messageIds()).isEqualTo(messages);
            assertThat(view.memberIds()).contains(visitor.id());
            assertThat(visitorBrowser.liveStatus()).isEqualTo("live");
        });
        assertThat(visitorBrowser.script("return window.__marker")).as("opened in place, not reloaded").isEqualTo(1L);
        assertThat(visitorBrowser.script("return document.querySelector('#room-flash').dataset.flash")).isEqualTo("admitted");
        assertThat(visitorBrowser.script("return !!document.querySelector('form#composer textarea#body')"
                + " && !!document.querySelector('form#leave')")).isEqualTo(true);
        eventually("the owner's page lists the new member", () -> {
            assertThat(ownerBrowser.roomView().requestIds()).isEmpty();
            assertThat(ownerBrowser.roomView().memberIds()).contains(visitor.id());
        });
    }

    /** A visitor's page shows the title and their state, and nothing of the members' part. */
    private static void assertOnlyTitleAndState(Browser browser) {
        assertThat((List<?>) browser.script("return ['#message-list', '#member-list', '#composer', '#request-list', '#leave']"
                + ".filter((selector) => document.querySelector(selector) !== null)")).isEmpty();
    }

    private void chat(Pages pages, User owner, User visitor, User carol, long room) throws Exception {
        Browser visitorBrowser = pages.visitorBrowser;
        Browser ownerBrowser = pages.ownerBrowser;
        long fromVisitor = post(visitorBrowser, visitor, room, "Hello! Thanks for letting me in.");
        eventually("the visitor's message reaches the owner", () -> assertThat(ownerBrowser.roomView().messageIds()).contains(fromVisitor));
        assertThat(text(ownerBrowser, "#message-list li[data-message-id='" + fromVisitor + "'] p")).isEqualTo("Hello! Thanks for letting me in.");
        long fromOwner = post(ownerBrowser, owner, room, "Glad you are here. Carol is coming too.");
        eventually("the owner's message reaches the visitor", () -> assertThat(visitorBrowser.roomView().messageIds()).contains(fromOwner));

        long carolsRequest = db.request(room, carol); // plain SQL from here on
        eventually("carol's request on the owner's page", () -> assertThat(ownerBrowser.roomView().requestIds())
                .containsExactly(carolsRequest));
        db.admit(carolsRequest);
        long fromSql = db.message(room, carol, "Hi all, Carol here (via SQL).");
        List<Long> all = db.messageIds(room);
        assertThat(all.subList(all.size() - 3, all.size())).containsExactly(fromVisitor, fromOwner, fromSql);
        eventually("the SQL message on both pages, in order", () -> {
            assertThat(visitorBrowser.roomView().messageIds()).isEqualTo(all);
            assertThat(ownerBrowser.roomView().messageIds()).isEqualTo(all);
            assertThat(visitorBrowser.roomView().memberIds()).contains(carol.id());
            assertThat(ownerBrowser.roomView().requestIds()).isEmpty();
        });
        assertThat(text(visitorBrowser, "#message-list li[data-message-id='" + fromSql + "'] .author")).isEqualTo("Carol");
        assertThat(visitorBrowser.roomView().requestIds()).as("only the owner sees requests").isEmpty();
        shoot(ownerBrowser, "room-owner-chat");
        shoot(visitorBrowser, "room-visitor-admitted");
        sideBySide("two-users-chat", "room-owner-chat", "room-visitor-admitted");
    }

    /** Types {@code body} into the page's message form and sends it; returns the id the database gave it. */
    private long post(Browser browser, User author, long room, String body) throws Exception {
        browser.type("form#composer textarea#body", body);
        browser.click("form#composer button[type=submit]");
        String sql = "SELECT count(*) FROM chat_message WHERE room_id = ? AND author_id = ? AND body = ?";
        await("message stored").atMost(LIVE).until(() -> db.queryLong(sql, room, author.id(), body) == 1);
        return db.queryLong("SELECT id FROM chat_message WHERE room_id = ? AND author_id = ? AND body = ?", room, author.id(), body);
    }

    private void visitorLeavesAndHearsNoMore(Pages pages, User owner, User visitor, User carol, long room) throws Exception {
        Browser visitorBrowser = pages.visitorBrowser;
        Browser ownerBrowser = pages.ownerBrowser;
        assertThat(messageChanges(visitorBrowser.socketFrames())).as("the member's socket did carry messages").isNotEmpty();
        visitorBrowser.click("form#leave button[type=submit]");
        eventually("the visitor's page says they left", () -> {
            RenderedRoom.View view = visitorBrowser.roomView();
            assertThat(view.member()).isFalse();
            assertThat(view.joinState()).isEqualTo("none");
            assertThat(visitorBrowser.liveStatus()).isEqualTo("live");
        });
        assertThat(text(visitorBrowser, "#room-flash")).isEqualTo("You left this room");
        assertThat(visitorBrowser.script("return window.__marker")).as("closed in place, not reloaded").isEqualTo(1L);
        assertOnlyTitleAndState(visitorBrowser);
        int framesAtLeave = visitorBrowser.socketFrames().size();
        eventually("the owner's page lost the member", () -> assertThat(ownerBrowser.roomView().memberIds())
                .doesNotContain(visitor.id()));

        long first = db.message(room, owner, "Did she leave?");
        long second = db.message(room, carol, "Looks like it.");
        db.rename(room, "Quince corner"); // later in commit order than both messages, and visible to visitors
        eventually("the owner sees both messages", () -> assertThat(ownerBrowser.roomView().messageIds()).contains(first, second));
        eventually("the leaver's page has seen the later rename", () -> assertThat(visitorBrowser.roomView().title())
                .isEqualTo("Quince corner"));
        List<String> after = visitorBrowser.socketFrames().subList(framesAtLeave, visitorBrowser.socketFrames().size());
        assertThat(after).as("the rename reached the leaver's socket").anyMatch(frame -> frame.contains("\"chat_room\""));
        assertThat(messageChanges(after)).as("no message reached the leaver's socket after the leave").isEmpty();
        assertThat(visitorBrowser.script("return document.querySelectorAll('[data-message-id]').length")).isEqualTo(0L);
        shoot(visitorBrowser, "room-visitor-left");
    }

    private void assertEqualsFreshRenders(Pages pages, User owner, User visitor, long room) throws Exception {
        RenderedRoom.View ownerFresh = login(owner).room(room).view();
        RenderedRoom.View visitorFresh = login(visitor).room(room).view();
        List<Row> homeFresh = login(visitor).home().rows();
        eventually("the owner's room page equals a fresh render", () -> assertThat(pages.ownerBrowser.roomView()).isEqualTo(ownerFresh));
        eventually("the visitor's room page equals a fresh render", () -> assertThat(pages.visitorBrowser.roomView()).isEqualTo(visitorFresh));
        pages.visitorHome();
        eventually("the visitor's home page equals a fresh render", () -> assertThat(pages.visitorBrowser.rows()).isEqualTo(homeFresh));
        assertThat(pages.visitorBrowser.liveStatus()).isEqualTo("live");
        pages.visitorRoom();
        assertThat(pages.visitorBrowser.liveStatus()).isEqualTo("live");
        assertThat(pages.ownerBrowser.liveStatus()).isEqualTo("live");
    }

    /** Signs both in; the owner opens the room; the visitor keeps their home page in one tab and the room in another. */
    private Pages open(Browser ownerBrowser, User owner, Browser visitorBrowser, User visitor, long room) {
        for (Browser browser : List.of(ownerBrowser, visitorBrowser)) {
            browser.driver.manage().window().setSize(new Dimension(960, 900));
        }
        ownerBrowser.logIn(sut.rendererUrl(), owner.username(), Db.PASSWORD);
        eventually("owner signed in", () -> assertThat(ownerBrowser.liveStatus()).isEqualTo("live"));
        ownerBrowser.driver.get(sut.rendererUrl() + "/rooms/" + room);
        eventually("owner's room page live", () -> assertThat(ownerBrowser.liveStatus()).isEqualTo("live"));

        visitorBrowser.logIn(sut.rendererUrl(), visitor.username(), Db.PASSWORD);
        eventually("visitor's home page live", () -> assertThat(visitorBrowser.liveStatus()).isEqualTo("live"));
        visitorBrowser.script("window.__marker = 2");
        String homeTab = visitorBrowser.driver.getWindowHandle();
        String roomTab = visitorBrowser.openTab();
        visitorBrowser.recordSocketFrames();
        visitorBrowser.driver.get(sut.rendererUrl() + "/rooms/" + room);
        eventually("visitor's room page live", () -> assertThat(visitorBrowser.liveStatus()).isEqualTo("live"));
        return new Pages(ownerBrowser, visitorBrowser, homeTab, roomTab);
    }

    /** The two browsers; the visitor's has two tabs, their home page and the room page. */
    private record Pages(Browser ownerBrowser, Browser visitorBrowser, String homeTab, String roomTab) {
        void visitorHome() {
            visitorBrowser.switchTo(homeTab);
        }

        void visitorRoom() {
            visitorBrowser.switchTo(roomTab);
        }
    }

    /** The change frames of table chat_message among {@code frames}. */
    private static List<JsonNode> messageChanges(List<String> frames) {
        return frames.stream().map(JSON::readTree).filter(frame -> "change".equals(frame.path("type").asString())
                && "chat_message".equals(frame.path("table").asString())).toList();
    }

    private static String text(Browser browser, String css) {
        return String.valueOf(browser.script("return document.querySelector(arguments[0])?.textContent?.trim() ?? ''", css));
    }

    private static void eventually(String what, ThrowingRunnable assertion) {
        live(what).untilAsserted(assertion);
    }

    private static ConditionFactory live(String what) {
        return await(what).atMost(LIVE).ignoreException(StaleElementReferenceException.class);
    }

    private RendererSession login(User user) throws Exception {
        return RendererSession.login(sut.rendererUrl(), user.username(), Db.PASSWORD);
    }

    private static void shoot(Browser browser, String name) {
        browser.script("window.scrollTo(0, 0)"); // clicking scrolled the page; a picture starts at its top
        browser.screenshot(SHOTS.resolve(name + ".png"));
    }

    /** Both browsers' screenshots side by side in one picture: the owner's left, the visitor's right. */
    private static void sideBySide(String name, String left, String right) throws IOException {
        BufferedImage a = ImageIO.read(SHOTS.resolve(left + ".png").toFile());
        BufferedImage b = ImageIO.read(SHOTS.resolve(right + ".png").toFile());
        int gap = 16;
        BufferedImage both = new BufferedImage(a.getWidth() + gap + b.getWidth(), Math.max(a.getHeight(), b.getHeight()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.setColor(new Color(0x44, 0x4b, 0x55));
        g.fillRect(0, 0, both.getWidth(), both.getHeight());
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, a.getWidth() + gap, 0, null);
        g.dispose();
        Path file = SHOTS.resolve(name + ".png");
        ImageIO.write(both, "png", file.toFile());
        assertThat(Files.size(file)).as(name).isGreaterThan(10_000);
    }
}
