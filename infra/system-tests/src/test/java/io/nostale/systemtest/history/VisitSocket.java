package io.nostale.systemtest.history;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One connection of a page to the gateway, as the browser's WebSocket: frames and the close (or failure) go to
 * the visit, which decides everything. Opening is asynchronous; a refused connection reports a close.
 */
final class VisitSocket implements WebSocket.Listener {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the socket reports to; called on the socket's thread, one frame at a time. */
    interface Events {
        void frame(VisitSocket socket, JsonNode frame, String text);

        void closed(VisitSocket socket, int code, String reason);
    }

    private final Events events;
    private final StringBuilder partial = new StringBuilder();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile WebSocket socket;
    private volatile boolean stalling;
    private volatile long stallUntilNanos;

    private VisitSocket(Events events) {
        this.events = events;
    }

    /** Opens the socket and sends {@code subscribe} once it is open. */
    static VisitSocket open(HttpClient http, URI gateway, String origin, String subscribe, Events events) {
        return open(listener -> http.newWebSocketBuilder().header("Origin", origin).connectTimeout(Duration.ofSeconds(5))
                .buildAsync(gateway, listener), subscribe, events);
    }

    /**
     * The same with any way of connecting. The outcome is handled on another thread, as a browser dispatches
     * WebSocket events from its event loop, never inside the caller's {@code open}: a connection refused at once
     * (gateway down) completes the future before a callback is attached, and handling it inline reported the close
     * before the caller held this socket, so the caller ignored it and waited on a socket that was already gone
     * (the "silent socket after a gateway restart" of docs/guarantees.md, open problem 1).
     */
    static VisitSocket open(Function<WebSocket.Listener, CompletableFuture<WebSocket>> connect, String subscribe,
            Events events) {
        VisitSocket visitSocket = new VisitSocket(events);
        connect.apply(visitSocket)
                .whenCompleteAsync((ws, failure) -> {
                    if (failure != null) {
                        visitSocket.end(-1, "connect failed: " + failure);
                        return;
                    }
                    visitSocket.socket = ws;
                    ws.sendText(subscribe, true).whenComplete((sent, sendFailure) -> {
                        if (sendFailure != null) {
                            visitSocket.end(-1, "subscribe not sent: " + sendFailure);
                        }
                    });
                });
        return visitSocket;
    }

    /** For diagnostics: whether the opening handshake completed, and whether the socket ended. */
    String state() {
        return (socket == null ? "handshake not completed" : "open since handshake") + (ended.get() ? ", ended" : "");
    }

    /** The network drops: no close handshake, no close event for the page (it already moved on). */
    void abort() {
        ended.set(true);
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    /** A normal close initiated by the page (resync, page closed). */
    void close(String reason) {
        ended.set(true);
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(1000, reason).whenComplete((done, failure) -> ws.abort());
        }
    }

    /**
     * The page stops reading for a while (a frozen tab): after the next frame it asks for no more until
     * {@code duration} has passed, so the JDK stops reading the TCP connection and frames pile up on the gateway.
     */
    void stallFor(Duration duration) {
        stallUntilNanos = System.nanoTime() + duration.toNanos();
        stalling = true;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            if (!ended.get()) {
                events.frame(this, JSON.readTree(text), text);
            }
        }
        long stall = stalling ? stallUntilNanos - System.nanoTime() : 0;
        if (stall > 0) {
            CompletableFuture.delayedExecutor(stall, TimeUnit.NANOSECONDS).execute(() -> webSocket.request(1));
        } else {
            stalling = false;
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        end(statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        end(-1, "socket error: " + error);
    }

    private void end(int code, String reason) {
        if (ended.compareAndSet(false, true)) {
            events.closed(this, code, reason);
        }
    }
}
