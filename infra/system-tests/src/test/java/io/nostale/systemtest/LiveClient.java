package io.nostale.systemtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A page's socket to the gateway, as a test sees it: a real WebSocket that records every frame. */
final class LiveClient implements WebSocket.Listener, AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;
    // guarded by this: a paused client asks for no more frames, so the JDK stops reading the TCP connection
    private boolean paused;
    private boolean owed;

    private LiveClient(URI uri, String origin) {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", origin)
                .connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, this).join();
    }

    /** Opens the page's socket and subscribes with the page's token and timepoint (and a resume point, if any). */
    static LiveClient subscribe(RenderedHome page, String origin, String resumeJson) {
        LiveClient client = new LiveClient(URI.create(page.gatewayUrl()), origin);
        client.socket.sendText("{\"type\":\"subscribe\",\"token\":\"" + page.token() + "\",\"timepoint\":\""
                + page.timepoint() + "\"" + (resumeJson.isEmpty() ? "" : ",\"resume\":" + resumeJson) + "}", true).join();
        return client;
    }

    /** Opens a room page's socket and subscribes with its token and timepoint (and a resume point, if any). */
    static LiveClient subscribe(RenderedRoom page, String origin, String resumeJson) {
        return subscribe(page.gatewayUrl(), page.token(), page.timepoint(), origin, resumeJson);
    }

    static LiveClient subscribe(String gatewayUrl, String token, String timepoint, String origin, String resumeJson) {
        LiveClient client = new LiveClient(URI.create(gatewayUrl), origin);
        client.socket.sendText("{\"type\":\"subscribe\",\"token\":\"" + token + "\",\"timepoint\":\""
                + timepoint + "\"" + (resumeJson.isEmpty() ? "" : ",\"resume\":" + resumeJson) + "}", true).join();
        return client;
    }

    JsonNode next() throws InterruptedException {
        JsonNode frame = frames.poll(20, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame from the gateway within 20 s");
        }
        return frame;
    }

    /** Every frame up to the close (which must come within {@code timeout}); the close code is in {@link #closeCode}. */
    List<JsonNode> framesUntilClosed(Duration timeout) throws InterruptedException {
        List<JsonNode> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = frames.poll(200, TimeUnit.MILLISECONDS);
            if (frame != null) {
                received.add(frame);
            } else if (closeCode.isDone()) {
                return received;
            }
        }
        throw new AssertionError("the socket was not closed within " + timeout + "; frames: " + received.size()
                + (received.isEmpty() ? "" : ", last: " + received.get(received.size() - 1)));
    }

    /** Change frames up to the caught-up marker (which must come within 60 s: heartbeats must not keep it waiting). */
    List<JsonNode> changesUntilCaughtUp() throws InterruptedException {
        List<JsonNode> changes = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no caught-up within 60 s; changes received: " + changes.size());
            }
            JsonNode frame = next();
            switch (frame.path("type").asString()) {
                case "change" -> changes.add(frame);
                case "caught-up" -> {
                    return changes;
                }
                case "heartbeat" -> { }
                default -> throw new AssertionError("unexpected frame before caught-up: " + frame);
            }
        }
    }

    /** Change frames (across caught-up and heartbeats) up to and including the first that {@code last} matches. */
    List<JsonNode> changesThrough(java.util.function.Predicate<JsonNode> last) throws InterruptedException {
        List<JsonNode> changes = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // heartbeats alone must not keep it waiting
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the awaited change did not come within 60 s; changes received: " + changes.size());
            }
            JsonNode frame = next();
            String type = frame.path("type").asString();
            if ("change".equals(type)) {
                changes.add(frame);
                if (last.test(frame)) {
                    return changes;
                }
            } else if (!"caught-up".equals(type) && !"heartbeat".equals(type)) {
                throw new AssertionError("unexpected frame: " + frame);
            }
        }
    }

    /** Every frame (of any type) up to and including the first that {@code last} matches; within 60 s. */
    List<JsonNode> framesThrough(java.util.function.Predicate<JsonNode> last) throws InterruptedException {
        List<JsonNode> received = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode frame = next();
            received.add(frame);
            if (last.test(frame)) {
                return received;
            }
        }
        throw new AssertionError("the awaited frame did not come within 60 s; frames received: " + received.size());
    }

    /** Change frames received within {@code quiet} of each other, heartbeats skipped. */
    List<JsonNode> changesUntilQuiet(Duration quiet) throws InterruptedException {
        List<JsonNode> changes = new ArrayList<>();
        JsonNode frame;
        while ((frame = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            if ("change".equals(frame.path("type").asString())) {
                changes.add(frame);
            }
        }
        return changes;
    }

    /** The page stops reading its socket (a frozen tab, a phone on a dead network): frames pile up on the gateway. */
    synchronized void stopReading() {
        paused = true;
    }

    synchronized void resumeReading() {
        paused = false;
        if (owed) {
            owed = false;
            socket.request(1);
        }
    }

    @Override
    public synchronized CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(JSON.readTree(partial.toString()));
            partial.setLength(0);
        }
        if (paused) {
            owed = true;
        } else {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason.complete(reason);
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeReason.completeExceptionally(error);
        closeCode.completeExceptionally(error);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
