package io.nostale.renderer.security;

import static io.nostale.renderer.security.ProxiedVisitor.refusedAsWrong;
import static io.nostale.renderer.security.ProxiedVisitor.acceptedSignIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.nostale.embedded.Prometheus;
import io.nostale.renderer.RendererITSupport;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Login rate limiting over real HTTP: per username ({@value BehindTlsProxy#PER_USERNAME} failures) and per client
 * address ({@value BehindTlsProxy#PER_ADDRESS}) within the window, then 429 whatever the password; a successful
 * sign-in clears its username's failures but not its address's. Each test uses its own users and addresses (the
 * throttle is shared by the context).
 */
@BehindTlsProxy
@ExtendWith(OutputCaptureExtension.class)
class LoginThrottleIT extends RendererITSupport {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();
    private static final String WRONG = "wrong-Pa55word-that-must-never-be-logged";

    @Autowired
    private MeterRegistry meters;

    @Test
    void refusesAUsernameAfterTooManyFailuresEvenWithTheRightPasswordAndFromAnotherAddress(CapturedOutput output) {
        User ann = user("ann");
        ProxiedVisitor attacker = visitor();
        for (int i = 0; i < BehindTlsProxy.PER_USERNAME; i++) {
            assertThat(refusedAsWrong(attacker.login(ann.username(), WRONG))).as("failure %d", i + 1).isTrue();
        }
        double before = throttled("username");

        ProxiedVisitor elsewhere = visitor();
        HttpResponse<String> refused = elsewhere.login(ann.username(), PASSWORD);

        assertThrottled(refused);
        assertThat(elsewhere.get("/").statusCode()).as("not signed in").isEqualTo(302);
        assertThat(throttled("username")).isEqualTo(before + 1);
        assertThat(output.getAll()).contains("Sign-in refused (429, username limit)").contains(ann.username())
                .doesNotContain(WRONG).doesNotContain(PASSWORD);
    }

    /** What an operator reads: failed and refused sign-ins on the management port's Prometheus page, real counts. */
    @Test
    void failedAndRefusedSignInsAreCountedOnThePrometheusPage() {
        User ann = user("ann");
        Prometheus before = Prometheus.scrape(managementPort);
        double failures = before.value("nostale_renderer_login_failures_total");
        double refusals = before.find("nostale_renderer_login_throttled_total", "limit", "username").orElse(0);
        ProxiedVisitor visitor = visitor();
        for (int i = 0; i < BehindTlsProxy.PER_USERNAME; i++) {
            assertThat(refusedAsWrong(visitor.login(ann.username(), WRONG))).as("failure %d", i + 1).isTrue();
        }
        assertThrottled(visitor.login(ann.username(), PASSWORD));

        Prometheus after = Prometheus.scrape(managementPort);
        assertThat(after.value("nostale_renderer_login_failures_total") - failures).isEqualTo(BehindTlsProxy.PER_USERNAME);
        assertThat(after.value("nostale_renderer_login_throttled_total", "limit", "username") - refusals).isEqualTo(1);
    }

    @Test
    void otherUsernamesSignInFromTheSameAddress() {
        User ann = user("ann");
        User bob = user("bob");
        ProxiedVisitor shared = visitor();
        for (int i = 0; i < BehindTlsProxy.PER_USERNAME; i++) {
            shared.login(ann.username(), WRONG);
        }
        assertThrottled(shared.login(ann.username(), PASSWORD));

        assertThat(acceptedSignIn(shared.login(bob.username(), PASSWORD))).isTrue();
    }

    @Test
    void aSuccessfulSignInClearsTheUsernamesFailures() {
        User ann = user("ann");
        ProxiedVisitor visitor = visitor();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < BehindTlsProxy.PER_USERNAME - 1; i++) {
                assertThat(refusedAsWrong(visitor().login(ann.username(), WRONG))).as("round %d failure %d", round, i).isTrue();
            }
            assertThat(acceptedSignIn(visitor.login(ann.username(), PASSWORD))).as("round %d", round).isTrue();
        }
    }

    @Test
    void refusesAnAddressAfterTooManyFailuresAcrossUsernamesAndOnlyThatAddress(CapturedOutput output) {
        User ann = user("ann");
        ProxiedVisitor sprayer = visitor();
        for (int i = 0; i < BehindTlsProxy.PER_ADDRESS; i++) {
            assertThat(refusedAsWrong(sprayer.login("nobody-" + i + "-" + ann.username(), WRONG))).as("failure %d", i).isTrue();
        }
        double before = throttled("address");

        assertThrottled(sprayer.login(ann.username(), PASSWORD));

        assertThat(throttled("address")).isEqualTo(before + 1);
        assertThat(output.getAll()).contains("Sign-in refused (429, address limit)").doesNotContain(PASSWORD);
        assertThat(acceptedSignIn(visitor().login(ann.username(), PASSWORD))).as("from another address").isTrue();
    }

    @Test
    void aSuccessDoesNotResetTheAddresssFailures() {
        User ann = user("ann");
        ProxiedVisitor visitor = visitor();
        for (int i = 0; i < BehindTlsProxy.PER_ADDRESS - 1; i++) {
            assertThat(refusedAsWrong(visitor.login("nobody-" + i + "-" + ann.username(), WRONG))).isTrue();
        }
        assertThat(acceptedSignIn(visitor.login(ann.username(), PASSWORD))).isTrue();
        assertThat(refusedAsWrong(visitor.login("nobody-last-" + ann.username(), WRONG))).isTrue();

        assertThrottled(visitor.login(ann.username(), PASSWORD));
    }

    /** Attempts take their place before the password check, so parallel requests cannot slip past the limit. */
    @Test
    void aParallelBurstGetsNoMoreThanTheLimitChecked() throws Exception {
        User ann = user("ann");
        int burst = 12;
        List<ProxiedVisitor> visitors = IntStream.range(0, burst).mapToObj(i -> visitor()).toList();
        visitors.forEach(v -> v.get("/login")); // sessions exist before the burst
        ExecutorService pool = Executors.newFixedThreadPool(burst);
        try {
            List<Future<HttpResponse<String>>> answers = pool.invokeAll(visitors.stream()
                    .map(v -> (Callable<HttpResponse<String>>) () -> v.login(ann.username(), WRONG)).toList());
            long checked = 0;
            long refused = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                checked += refusedAsWrong(response) ? 1 : 0;
                refused += response.statusCode() == 429 ? 1 : 0;
            }
            assertThat(checked).isEqualTo(BehindTlsProxy.PER_USERNAME);
            assertThat(refused).isEqualTo(burst - BehindTlsProxy.PER_USERNAME);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theThrottleRunsAfterTheCsrfCheck() {
        User ann = user("ann");
        ProxiedVisitor visitor = visitor();
        for (int i = 0; i < BehindTlsProxy.PER_USERNAME; i++) {
            visitor.login(ann.username(), WRONG);
        }

        HttpResponse<String> forged = visitor.postForm("/login",
                Map.of("username", ann.username(), "password", PASSWORD, "_csrf", "forged"));

        assertThat(forged.statusCode()).isEqualTo(403);
    }

    private static void assertThrottled(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("status").isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, 600L));
        assertThat(response.headers().firstValue("Set-Cookie")).as("no new session").isEmpty();
        assertThat(response.body()).contains("Too many failed sign-ins").contains("Your password was not checked")
                .doesNotContain(PASSWORD);
    }

    private ProxiedVisitor visitor() {
        int n = ADDRESSES.incrementAndGet();
        return new ProxiedVisitor(port, "198.51." + (100 + n / 250) + "." + (1 + n % 250), "http");
    }

    private double throttled(String limit) {
        return meters.counter("nostale.renderer.login.throttled", "limit", limit).count();
    }
}
