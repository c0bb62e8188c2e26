package io.nostale.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.embedded.launch.ServiceProcess;
import io.nostale.systemtest.Db.User;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pages never loop (docs/protocol.md, "Browser script", refusals), in headless Chromium on the real product: the
 * gateway is redeployed with keys the renderer does not sign with ({@link GatewayWithOtherKeys}), so it refuses
 * every page with close 4401. A live page reloads once; the fresh page is refused too, shows {@code stopped} with a
 * sentence and a reload link, and opens no further socket. With the right gateway back, the link reloads the page,
 * which goes live and forgets its reload. Screenshots of the stopped page go to {@code target/screenshots}.
 */
class BrowserRefusedPageIT {

    private static final Duration LIVE = Duration.ofSeconds(30);
    private static final Duration GATEWAY_READY = Duration.ofSeconds(180);
    /** Beyond the page's longest reconnect wait: time for a socket it opened to reach the gateway and be counted. */
    private static final Duration COUNTED = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path SHOTS = Path.of("target", "screenshots");

    private final SystemUnderTest sut = SystemUnderTest.get();
    private final Db db = new Db(sut);

    @Test
    void aRefusedPageReloadsOnceThenStopsAndOpensNoSocketUntilItsLinkReloadsIt() throws Exception {
        User visitor = db.user("refused");
        ServiceProcess productGateway = sut.product.gateway();
        ServiceProcess otherKeys = GatewayWithOtherKeys.of(sut);
        try (Browser browser = new Browser()) {
            browser.recordSocketFrames();
            browser.logIn(sut.rendererUrl(), visitor.username(), Db.PASSWORD);
            await().atMost(LIVE).until(() -> "live".equals(browser.liveStatus()));
            assertThat(reloadMemory(browser)).isNull();
            try {
                productGateway.stop(); // the page is told "going away" and keeps reconnecting
                otherKeys.start();
                otherKeys.awaitReady(GATEWAY_READY);

                // It resumes at the gateway with other keys and is refused; it reloads, and the fresh page is too.
                await().atMost(LIVE).ignoreExceptions().until(() -> "stopped".equals(browser.liveStatus()));
                assertThat(navigationType(browser)).as("the stopped page is the reloaded one").isEqualTo("reload");
                assertThat(browser.socketFrames()).as("the stopped page's one socket was refused")
                        .singleElement().satisfies(BrowserRefusedPageIT::isBadTokenError);
                assertThat(reloadMemory(browser)).as("the reload is remembered").isNotNull();
                assertThat(statusAndLink(browser)).as("a sentence, and a link to the page itself")
                        .containsExactly("This page stopped updating. Reload", "/");
                browser.screenshot(SHOTS.resolve("page-stopped.png"));
                browser.driver.manage().window().setSize(new Dimension(360, 800));
                assertThat(browser.script("return document.documentElement.scrollWidth"
                        + " <= document.documentElement.clientWidth;")).as("the sentence wraps on a phone").isEqualTo(true);
                browser.screenshot(SHOTS.resolve("page-stopped-phone.png"));

                // Were it still trying, a socket would reach the gateway within its longest reconnect wait.
                Duration window = Duration.ofMillis(longestReconnectWaitMs(browser)).plus(COUNTED);
                await().during(window).atMost(window.plus(LIVE)).pollInterval(Duration.ofMillis(250))
                        .until(() -> GatewayWithOtherKeys.refusals(otherKeys, "bad-token") == 2);
                assertThat(browser.liveStatus()).isEqualTo("stopped");
            } finally {
                otherKeys.stop();
                if (!productGateway.isAlive()) {
                    productGateway.start();
                    productGateway.awaitReady(GATEWAY_READY);
                }
            }

            browser.click("[data-live-status] a[data-live-reload]");
            await().atMost(LIVE).ignoreExceptions().until(() -> "live".equals(browser.liveStatus()));
            assertThat(navigationType(browser)).isEqualTo("reload");
            assertThat(reloadMemory(browser)).as("accepted: the reload is forgotten").isNull();
        }
    }

    private static void isBadTokenError(String frame) {
        JsonNode message = JSON.readTree(frame);
        assertThat(Map.of("type", message.path("type").asString(), "code", message.path("code").asString()))
                .isEqualTo(Map.of("type", "error", "code", "bad-token"));
    }

    /** What the page remembers of a reload for a refusal (refusal.js), read the way the page reads it. */
    private static Object reloadMemory(Browser browser) {
        return browser.script("return import('/js/refusal.js')"
                + ".then((m) => sessionStorage.getItem(m.memoryKey(location)));");
    }

    /** The page's own longest wait between reconnect attempts (live.js). */
    private static long longestReconnectWaitMs(Browser browser) {
        return ((Number) browser.script("return import('/js/live.js').then((m) => m.RECONNECT_MAX_MS);")).longValue();
    }

    /** How the current document was loaded: {@code navigate} or {@code reload}. */
    private static String navigationType(Browser browser) {
        return (String) browser.script("return performance.getEntriesByType('navigation')[0].type;");
    }

    /** The status element's text and the path its reload link leads to ({@code ""} without a link). */
    private static List<Object> statusAndLink(Browser browser) {
        return List.copyOf((List<?>) browser.script("""
                const status = document.querySelector('[data-live-status]');
                const link = status.querySelector('a[data-live-reload]');
                return [status.textContent, link ? new URL(link.href).pathname : ''];"""));
    }
}
