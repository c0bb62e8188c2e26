package io.nostale.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.systemtest.Db.User;
import io.nostale.systemtest.RenderedHome.Row;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A person's view: headless Chromium logged in as a visitor watches the home page while the room owner (logged
 * in through the app) and plain SQL change what it shows. Every change must appear in place, without reload.
 */
class BrowserHomePageIT {

    private static final Duration LIVE = Duration.ofSeconds(15);

    private final SystemUnderTest sut = SystemUnderTest.get();
    private final Db db = new Db(sut);

    @Test
    void homePageFollowsRequestsDecisionsRenamesAndLeaves() throws Exception {
        User visitor = db.user("visitor");
        User owner = db.user("owner");
        long mango = db.room("Mango", owner);
        long kiwi = db.room("Kiwi", owner);
        long apple = db.room("Apple", owner);
        long mangoRequest = db.request(mango, visitor);

        try (Browser browser = new Browser()) {
            browser.logIn(sut.rendererUrl(), visitor.username(), Db.PASSWORD);
            await().atMost(LIVE).until(() -> "live".equals(browser.liveStatus()));
            assertThat(browser.rows()).containsExactly(new Row(mango, "pending"));
            assertThat(browser.rowText(mango)).contains("Mango").contains("Waiting to be admitted");

            long appleRequest = db.request(apple, visitor); // plain SQL: a new pending row, sorted first
            await().atMost(LIVE).until(() -> browser.rows().equals(java.util.List.of(new Row(apple, "pending"), new Row(mango, "pending"))));
            assertThat(browser.rowText(apple)).contains("Apple");

            RendererSession ownerSession = RendererSession.login(sut.rendererUrl(), owner.username(), Db.PASSWORD);
            assertThat(ownerSession.submit("/rooms/" + mango, "/requests/" + mangoRequest + "/admit").statusCode()).isEqualTo(200);
            await().atMost(LIVE).until(() -> browser.rows().equals(java.util.List.of(new Row(apple, "pending"), new Row(mango, "joined"))));
            assertThat(browser.rowText(mango)).doesNotContain("Waiting to be admitted");

            db.deny(appleRequest);
            await().atMost(LIVE).until(() -> browser.rows().equals(java.util.List.of(new Row(mango, "joined"))));

            db.admit(db.request(kiwi, visitor));
            db.rename(mango, "Avocado"); // moves before Kiwi
            await().atMost(LIVE).until(() -> browser.rows().equals(java.util.List.of(new Row(mango, "joined"), new Row(kiwi, "joined"))));
            assertThat(browser.rowText(mango)).contains("Avocado");

            db.leave(kiwi, visitor);
            await().atMost(LIVE).until(() -> browser.rows().equals(java.util.List.of(new Row(mango, "joined"))));

            RenderedHome fresh = RendererSession.login(sut.rendererUrl(), visitor.username(), Db.PASSWORD).home();
            assertThat(browser.rows()).as("after writes stop the DOM equals a fresh render").isEqualTo(fresh.rows());
            assertThat(browser.rowText(mango)).contains("Avocado");
            assertThat(browser.liveStatus()).isEqualTo("live");
        }
    }

    @Test
    void pageReconnectsAndResumesAcrossAGatewayRestart() throws Exception {
        User visitor = db.user("visitor");
        User owner = db.user("owner");
        long nectarine = db.room("Nectarine", owner);
        long olive = db.room("Olive", owner);
        long request = db.request(nectarine, visitor);

        try (Browser browser = new Browser()) {
            browser.logIn(sut.rendererUrl(), visitor.username(), Db.PASSWORD);
            await().atMost(LIVE).until(() -> "live".equals(browser.liveStatus()));

            sut.product.gateway().stop(); // graceful: sockets are told "going away"
            await().atMost(LIVE).until(() -> "reconnecting".equals(browser.liveStatus()));
            db.admit(request);
            db.request(olive, visitor);
            sut.product.gateway().start();
            sut.product.gateway().awaitReady(Duration.ofSeconds(120));

            await().atMost(Duration.ofSeconds(90)).until(() -> "live".equals(browser.liveStatus())
                    && browser.rows().equals(java.util.List.of(new Row(nectarine, "joined"), new Row(olive, "pending"))));
            RenderedHome fresh = RendererSession.login(sut.rendererUrl(), visitor.username(), Db.PASSWORD).home();
            assertThat(browser.rows()).isEqualTo(fresh.rows());
        }
    }
}
