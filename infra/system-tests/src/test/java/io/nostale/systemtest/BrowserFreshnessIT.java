package io.nostale.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.embedded.launch.ServiceProcess;
import io.nostale.systemtest.Db.User;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A page never claims to be live on stale data: with the relay frozen (SIGSTOP: the process is there, holds its
 * connections, and captures nothing, as a hung relay would), a room renamed in SQL cannot reach the open home page,
 * and that page must say "delayed" within the gateway's freshness limit (15 s) instead of "live"; a page rendered
 * during the outage shows the new title but is not live either, because the stream has not reached its read. Both
 * are live again once the relay runs on (SIGCONT), and the renamed title arrives. The gateway's staleness metric
 * shows the outage while the relay itself could not be asked.
 */
class BrowserFreshnessIT {

    /** The freshness limit (15 s) plus the page's tick and a machine shared with other builds. */
    private static final Duration DELAYED_WITHIN = Duration.ofSeconds(45);
    private static final Duration LIVE = Duration.ofSeconds(45);
    private static final Pattern STALENESS = Pattern.compile("(?m)^nostale_gateway_stream_staleness_seconds(?:\\{[^}]*})? (\\S+)$");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final SystemUnderTest sut = SystemUnderTest.get();
    private final Db db = new Db(sut);

    @Test
    void pagesSayDelayedWhileCaptureStandsStillAndLiveOnceItCaughtUp() throws Exception {
        User visitor = db.user("visitor");
        User owner = db.user("owner");
        long room = db.room("Quince", owner);
        db.request(room, visitor);
        ServiceProcess relay = sut.product.relay();

        try (Browser open = new Browser()) {
            open.logIn(sut.rendererUrl(), visitor.username(), Db.PASSWORD);
            await().atMost(LIVE).until(() -> "live".equals(open.liveStatus()));
            assertThat(open.rowText(room)).contains("Quince");

            signal(relay, "STOP");
            try {
                db.rename(room, "Rambutan");
                await().atMost(DELAYED_WITHIN).until(() -> "delayed".equals(open.liveStatus()));
                assertThat(statusText(open)).matches("Delayed — updates are \\d+ s behind");
                assertThat(open.rowText(room)).as("the rename cannot have arrived").contains("Quince");
                assertThat(staleness()).as("the gateway's metric shows the stream standing still").isGreaterThan(10);

                try (Browser rendered = new Browser()) {
                    rendered.logIn(sut.rendererUrl(), visitor.username(), Db.PASSWORD);
                    assertThat(rendered.rowText(room)).as("read from the database: fresh").contains("Rambutan");
                    await().atMost(DELAYED_WITHIN).until(() -> "delayed".equals(rendered.liveStatus()));
                    signal(relay, "CONT");
                    await().atMost(LIVE).until(() -> "live".equals(rendered.liveStatus()));
                }
            } finally {
                signal(relay, "CONT"); // never leave the shared relay frozen for the tests after this one
            }
            await().atMost(LIVE).until(() -> "live".equals(open.liveStatus()) && open.rowText(room).contains("Rambutan"));
            assertThat(statusText(open)).isEqualTo("Live");
            await().atMost(LIVE).until(() -> staleness() < 10);
        }
    }

    @Test
    void aPageRenderedWhileCaptureStandsStillIsNotLiveUntilTheStreamPassesItsRead() throws Exception {
        User visitor = db.user("visitor");
        long room = db.room("Salak", db.user("owner"));
        db.request(room, visitor);
        ServiceProcess relay = sut.product.relay();
        signal(relay, "STOP");
        try (Browser browser = new Browser()) {
            browser.logIn(sut.rendererUrl(), visitor.username(), Db.PASSWORD);
            // Not yet past the freshness limit, but the stream has not reached the page's read: no caught-up yet.
            long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (System.nanoTime() < until) {
                assertThat(browser.liveStatus()).as("a page read after the stream's newest record").isNotEqualTo("live");
                Thread.sleep(200); // sampling the status over a span of time; not a wait for a condition
            }
            signal(relay, "CONT");
            await().atMost(LIVE).until(() -> "live".equals(browser.liveStatus()));
        } finally {
            signal(relay, "CONT");
        }
    }

    /** Sends SIGSTOP or SIGCONT to the service's JVM. */
    private static void signal(ServiceProcess service, String signal) throws IOException, InterruptedException {
        long pid = service.pid().orElseThrow(() -> new IllegalStateException(service.name() + " is not running"));
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes());
        assertThat(kill.waitFor()).as("kill -%s %d: %s", signal, pid, output).isZero();
    }

    private static String statusText(Browser browser) {
        return (String) browser.script("return document.querySelector('[data-live-status]').textContent");
    }

    /** The gateway's {@code nostale_gateway_stream_staleness_seconds}, scraped as Prometheus does. */
    private double staleness() throws IOException, InterruptedException {
        URI uri = URI.create("http://localhost:" + sut.product.settings().gatewayManagementPort() + "/actuator/prometheus");
        String body = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = STALENESS.matcher(body);
        assertThat(matcher.find()).as("the staleness gauge in %s", uri).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
