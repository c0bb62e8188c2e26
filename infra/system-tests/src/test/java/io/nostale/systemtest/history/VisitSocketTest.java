package io.nostale.systemtest.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class VisitSocketTest {

    /**
     * A page behaves as {@link Visit}: it holds its lock while opening and ignores events of a socket it does not
     * hold. A connection refused at once (the gateway is down during a restart) must still reach it.
     */
    @Test
    void aConnectionRefusedAtOnceIsReportedToThePageThatOpenedIt() {
        Page page = new Page();
        page.open(listener -> CompletableFuture.failedFuture(new ConnectException("Connection refused")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !page.closes.isEmpty());
        assertThat(page.closes).singleElement().asString().startsWith("-1 connect failed").contains("Connection refused");
    }

    private static final class Page implements VisitSocket.Events {

        final List<String> closes = new CopyOnWriteArrayList<>();
        private VisitSocket socket;

        synchronized void open(Function<WebSocket.Listener, CompletableFuture<WebSocket>> connect) {
            socket = VisitSocket.open(connect, "{\"type\":\"subscribe\"}", this);
        }

        @Override
        public synchronized void frame(VisitSocket from, JsonNode frame, String text) {
            // no frames here
        }

        @Override
        public synchronized void closed(VisitSocket from, int code, String reason) {
            if (from == socket) {
                closes.add(code + " " + reason);
            }
        }
    }
}
