package io.nostale.load.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted WebSocket server on a real loopback socket. */
class WsConnectionTest {

    private static final Pattern KEY = Pattern.compile("Sec-WebSocket-Key: (\\S+)\r\n");
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final Reactor reactor = new Reactor(Executors.defaultThreadFactory(), e -> events.add("error: " + e));
    private final WsListener listener = new WsListener() {
        @Override
        public void onOpen(WsConnection connection) {
            events.add("open");
            connection.sendText("subscribe".getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void onText(WsConnection connection, byte[] bytes, int offset, int length) {
            String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
            events.add(length > 100 ? "text of " + length + " bytes, all '" + text.charAt(0) + "': "
                    + text.chars().allMatch(c -> c == text.charAt(0)) : "text " + text);
        }

        @Override
        public void onEnd(WsConnection connection, Ending ending) {
            events.add("end " + ending);
        }
    };

    @AfterEach
    void stop() {
        reactor.close();
    }

    @Test
    void framesAfterTheHeaderFragmentsPingsBigFramesAndTheServersClose() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> serverSaw = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream();
                    String key = key(readHeader(in));
                    // the upgrade and a first frame in one write: the frame comes in the handshake's read
                    out.write(concat(upgrade(key), frame(true, Frames.TEXT, "first")));
                    out.flush();
                    String subscribe = text(readClientFrame(in));
                    out.write(concat(frame(false, Frames.TEXT, "frag"), frame(true, Frames.PING, "p1"),
                            frame(false, Frames.CONTINUATION, "ment"), frame(true, Frames.CONTINUATION, "ed")));
                    out.flush();
                    byte[] pong = readClientFrame(in);
                    byte[] big = new byte[600_000];
                    Arrays.fill(big, (byte) 'b');
                    writeInPieces(out, Frames.serverFrame(true, Frames.TEXT, big), 7_919);
                    ByteArrayOutputStream many = new ByteArrayOutputStream();
                    for (int i = 0; i < 100; i++) {
                        many.write(frame(true, Frames.TEXT, "m" + i));
                    }
                    writeInPieces(out, ByteBuffer.wrap(many.toByteArray()), 3);
                    out.write(frame(true, Frames.CLOSE, closePayload(4409, "slow-client")));
                    out.flush();
                    byte[] closeEcho = readClientFrame(in);
                    return subscribe + " | pong " + text(pong) + " | close echo "
                            + Frames.parseClose(closeEcho, 0, closeEcho.length).code();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            connect(server.getLocalPort());
            assertThat(next()).isEqualTo("open");
            assertThat(next()).isEqualTo("text first");
            assertThat(next()).isEqualTo("text fragmented");
            assertThat(next()).isEqualTo("text of 600000 bytes, all 'b': true");
            for (int i = 0; i < 100; i++) {
                assertThat(next()).isEqualTo("text m" + i);
            }
            assertThat(next()).isEqualTo("end " + new Ending.Closed(4409, "slow-client"));
            assertThat(serverSaw.get(10, TimeUnit.SECONDS)).isEqualTo("subscribe | pong p1 | close echo 4409");
        }
    }

    @Test
    void aRefusedConnectionFailsAtConnect() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        connect(port);
        assertThat(next()).startsWith("end Failed[stage=connect, httpStatus=0, cause=");
    }

    @Test
    void anHttpRefusalFailsAtTheHandshakeWithItsStatus() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> respond(server, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"));
            connect(server.getLocalPort());
            assertThat(next()).isEqualTo("end " + new Ending.Failed("handshake", 403, "HTTP/1.1 403 Forbidden"));
        }
    }

    @Test
    void aConnectionCutWithoutCloseFrameIsDropped() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (Socket socket = server.accept()) {
                    socket.getOutputStream().write(upgrade(key(readHeader(socket.getInputStream()))));
                    readClientFrame(socket.getInputStream());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            connect(server.getLocalPort());
            assertThat(next()).isEqualTo("open");
            assertThat(next()).startsWith("end Dropped[");
        }
    }

    @Test
    void aMaskedServerFrameIsAViolation() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (Socket socket = server.accept()) {
                    String key = key(readHeader(socket.getInputStream()));
                    ByteBuffer masked = Frames.clientText("x".getBytes(StandardCharsets.UTF_8), 42);
                    socket.getOutputStream().write(concat(upgrade(key), Arrays.copyOf(masked.array(), masked.remaining())));
                    readClientFrame(socket.getInputStream());
                    readClientFrame(socket.getInputStream());
                } catch (IOException e) {
                    // the client closed
                }
            });
            connect(server.getLocalPort());
            assertThat(next()).isEqualTo("open");
            assertThat(next()).isEqualTo("end " + new Ending.Violation(Frames.PROTOCOL_ERROR, "the server masked a frame"));
        }
    }

    private void connect(int port) {
        reactor.execute(() -> reactor.connect(new InetSocketAddress("127.0.0.1", port), new InetSocketAddress("127.0.0.3", 0),
                "localhost:" + port, "/live", "http://localhost:8080", listener, null));
    }

    private String next() throws InterruptedException {
        String event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event within 10 s").isNotNull();
        return event;
    }

    private static void respond(ServerSocket server, String answer) {
        try (Socket socket = server.accept()) {
            readHeader(socket.getInputStream());
            socket.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().read();
        } catch (IOException e) {
            // the client closed
        }
    }

    private static String readHeader(InputStream in) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        while (!header.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("client went away");
            }
            header.write(b);
        }
        return header.toString(StandardCharsets.ISO_8859_1);
    }

    private static String key(String header) {
        Matcher key = KEY.matcher(header);
        if (!key.find()) {
            throw new IllegalStateException("no key in " + header);
        }
        return key.group(1);
    }

    private static byte[] upgrade(String key) {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + Handshake.expectedAccept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one client frame, checks it is masked, returns the unmasked payload. */
    private static byte[] readClientFrame(InputStream in) throws IOException {
        byte[] head = in.readNBytes(2);
        if (head.length < 2) {
            throw new IOException("client went away");
        }
        if ((head[1] & 0x80) == 0) {
            throw new IllegalStateException("client frame not masked");
        }
        long length = head[1] & 0x7F;
        if (length == 126) {
            length = ByteBuffer.wrap(in.readNBytes(2)).getShort() & 0xFFFF;
        } else if (length == 127) {
            length = ByteBuffer.wrap(in.readNBytes(8)).getLong();
        }
        int mask = ByteBuffer.wrap(in.readNBytes(4)).getInt();
        byte[] payload = in.readNBytes((int) length);
        Frames.mask(payload, 0, payload.length, mask);
        return payload;
    }

    private static void writeInPieces(OutputStream out, ByteBuffer bytes, int piece) throws IOException {
        byte[] all = Arrays.copyOfRange(bytes.array(), bytes.position(), bytes.limit());
        for (int at = 0; at < all.length; at += piece) {
            out.write(all, at, Math.min(piece, all.length - at));
            out.flush();
        }
    }

    private static byte[] frame(boolean fin, int opcode, String text) {
        return frame(fin, opcode, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteBuffer frame = Frames.serverFrame(fin, opcode, payload);
        return Arrays.copyOf(frame.array(), frame.remaining());
    }

    private static byte[] closePayload(int code, String reason) {
        return Frames.closePayload(code, reason);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
