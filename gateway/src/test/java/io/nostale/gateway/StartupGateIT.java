package io.nostale.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.nostale.gateway.stream.TailFollower;
import io.nostale.wire.XidSnapshot;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * A gateway that does not follow its change stream yet (just started, its topic not there yet) answers handshakes
 * with {@code 503} and {@code Retry-After} instead of upgrading sockets it can only close again, and takes pages as
 * soon as it follows the stream. Real gateway, real Kafka, real handshakes.
 */
class StartupGateIT {

    @Test
    void handshakesGet503WithRetryAfterUntilTheStreamIsFollowedThenPagesSubscribe() throws Exception {
        try (GatewayHarness gateway = GatewayHarness.startBeforeTopic("startup-gate-it.changes")) {
            assertThat(gateway.bean(TailFollower.class).isFollowing()).isFalse();
            double before = gateway.counter("nostale.gateway.refusals", "code", "starting");

            Throwable refused = catchThrowable(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Origin", GatewayHarness.ORIGIN).connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(gateway.live(), new WebSocket.Listener() { }).join());

            assertThat(refused).isInstanceOf(CompletionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
            var response = ((WebSocketHandshakeException) refused.getCause()).getResponse();
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(gateway.counter("nostale.gateway.refusals", "code", "starting")).isEqualTo(before + 1);

            gateway.createTopic();
            gateway.awaitFollowing();
            try (LiveClient page = LiveClient.connect(gateway.live(), GatewayHarness.ORIGIN)) {
                page.send(gateway.page(7, XidSnapshot.of(100, 100)).subscribeFrame());
                assertThat(page.nextContent().path("type").asString()).isEqualTo("caught-up");
            }
        }
    }
}
