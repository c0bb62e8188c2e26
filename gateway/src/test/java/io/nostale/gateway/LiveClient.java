package io.nostale.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real WebSocket client of /live (JDK HttpClient) that records frames and the close code. */
final class LiveClient implements WebSocket.Listener, AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;
    /** When false the client stops asking for frames: the server's writes back up, like a stalled browser tab. */
    private volatile boolean reading = true;

    private LiveClient(URI uri, String origin) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Origin", origin)
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, this).join();
    }

    static LiveClient connect(URI uri, String origin) {
        return new LiveClient(uri, origin);
    }

    LiveClient send(String frame) {
        socket.sendText(frame, true).join();
        return this;
    }

    JsonNode next() throws InterruptedException {
        JsonNode frame = frames.poll(15, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 15 s");
        }
        return frame;
    }

    /** Next frame that is not a heartbeat. */
    JsonNode nextContent() throws InterruptedException {
        JsonNode frame;
        do {
            frame = next();
        } while ("heartbeat".equals(frame.path("type").asString()));
        return frame;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(JSON.readTree(partial.toString()));
            partial.setLength(0);
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    void stopReading() {
        reading = false;
    }

    void resumeReading() {
        reading = true;
        socket.request(Long.MAX_VALUE);
    }

    void sendRaw(CharSequence text) {
        socket.sendText(text, true);
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
