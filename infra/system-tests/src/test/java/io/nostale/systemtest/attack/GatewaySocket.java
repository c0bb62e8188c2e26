package io.nostale.systemtest.attack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A hostile (or healthy) client of the gateway's {@code /live}: a real WebSocket that sends whatever it is told to
 * and records every frame and the close.
 */
final class GatewaySocket implements WebSocket.Listener, AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CONNECT = Duration.ofSeconds(10);

    /** How the gateway ended a socket: close code and reason, and every frame it sent before. */
    record Closed(int code, String reason, List<JsonNode> frames, long afterMillis) {

        List<String> types() {
            return frames.stream().map(f -> f.path("type").asString()).toList();
        }
    }

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseFrame> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final long openedAt = System.nanoTime();
    private final WebSocket socket;

    private GatewaySocket(URI uri, String origin) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(CONNECT);
        if (!origin.isEmpty()) {
            builder.header("Origin", origin);
        }
        socket = builder.buildAsync(uri, this).join();
    }

    /** Opens a socket with the given {@code Origin} header (none if empty); the handshake must succeed. */
    static GatewaySocket open(String url, String origin) {
        return new GatewaySocket(URI.create(url), origin);
    }

    /** The HTTP status the handshake was refused with; fails if the gateway accepted it. */
    static int refusedHandshake(String url, String origin) {
        try (GatewaySocket accepted = new GatewaySocket(URI.create(url), origin)) {
            throw new AssertionError("the gateway accepted a handshake from Origin " + origin);
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    void subscribe(String token, String timepoint) {
        send("{\"type\":\"subscribe\",\"token\":" + JSON.writeValueAsString(token) + ",\"timepoint\":"
                + JSON.writeValueAsString(timepoint) + "}");
    }

    /** Sends one text frame; the gateway may close the socket while it is being sent (oversized frames). */
    void send(String text) {
        socket.sendText(text, true).exceptionally(error -> null).join();
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).exceptionally(error -> null).join();
    }

    /** Every frame up to the gateway's close, which must come within {@code timeout}. */
    Closed awaitClose(Duration timeout) throws InterruptedException {
        List<JsonNode> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = frames.poll(100, TimeUnit.MILLISECONDS);
            if (frame != null) {
                received.add(frame);
            } else if (closed.isDone()) {
                frames.drainTo(received);
                CloseFrame close = closed.join();
                return new Closed(close.code(), close.reason(), List.copyOf(received), close.afterMillis());
            }
        }
        throw new AssertionError("the gateway did not close the socket within " + timeout + "; frames: " + received);
    }

    /** Frames up to and including the first one that {@code wanted} matches (which must come within {@code timeout}). */
    List<JsonNode> framesThrough(Predicate<JsonNode> wanted, Duration timeout) throws InterruptedException {
        List<JsonNode> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = frames.poll(100, TimeUnit.MILLISECONDS);
            if (frame != null) {
                received.add(frame);
                if (wanted.test(frame)) {
                    return received;
                }
            } else if (closed.isDone()) {
                throw new AssertionError("socket closed (" + closed.join() + ") while waiting; frames: " + received);
            }
        }
        throw new AssertionError("the awaited frame did not come within " + timeout + "; frames: " + received.size());
    }

    /** Subscribed and replayed: the {@code caught-up} frame arrived. */
    void awaitCaughtUp() throws InterruptedException {
        framesThrough(frame -> "caught-up".equals(frame.path("type").asString()), Duration.ofSeconds(60));
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public CompletableFuture<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (partial) {
            partial.append(data);
            if (last) {
                frames.add(JSON.readTree(partial.toString()));
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletableFuture<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        frames.add(JSON.createObjectNode().put("type", "unexpected-binary-frame"));
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletableFuture<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new CloseFrame(statusCode, reason, sinceOpened()));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        // a connection dropped without a close frame: recorded as the non-protocol code 1006, with the error
        closed.complete(new CloseFrame(1006, error.toString(), sinceOpened()));
    }

    private long sinceOpened() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAt);
    }

    private record CloseFrame(int code, String reason, long afterMillis) {
    }

    @Override
    public void close() {
        socket.abort();
    }
}
