package io.nostale.gateway;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A WebSocket client of /live on a plain TCP socket (RFC 6455, just what the gateway sends), so that a test controls
 * what the JDK's client hides: a tiny receive buffer, not reading at all (the kernel stops acknowledging, the
 * gateway's writes back up), and exactly how the stream ends — a close frame, end of stream (possibly in the middle
 * of a frame), a reset, or nothing within a deadline.
 */
final class RawLiveClient implements AutoCloseable {

    /** How a read ended. */
    sealed interface Event {
    }

    /** A complete text message (fragments joined). */
    record Message(String text) implements Event {
    }

    /** A close frame. */
    record Close(int code, String reason) implements Event {
    }

    /** The connection ended without a close frame; {@code midFrame} when it ended inside a frame. */
    record Ended(String how, boolean midFrame) implements Event {
    }

    /** Nothing at all arrived before the deadline: the socket is open and silent. */
    record Silence(Duration waited) implements Event {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();

    private RawLiveClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens the socket with a receive buffer of {@code receiveBufferBytes} and performs the opening handshake. */
    static RawLiveClient connect(URI live, String origin, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes); // before connect, so the window is negotiated small
        socket.connect(new InetSocketAddress(live.getHost(), live.getPort()), 5_000);
        socket.setSoTimeout(10_000);
        RawLiveClient client = new RawLiveClient(socket);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String request = "GET " + live.getPath() + " HTTP/1.1\r\nHost: " + live.getHost() + ":" + live.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\nOrigin: " + origin + "\r\n\r\n";
        client.out.write(request.getBytes(StandardCharsets.US_ASCII));
        client.out.flush();
        String head = client.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + head);
        }
        return client;
    }

    void sendText(String text) throws IOException {
        sendFrame(0x81, text);
    }

    /**
     * The first fragment of a text message, without its end (FIN clear): the server holds a message it cannot act on
     * until the rest comes, which a test may never send.
     */
    void sendFirstFragment(String text) throws IOException {
        sendFrame(0x01, text);
    }

    private void sendFrame(int firstByte, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(firstByte);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * The next message, close or end of the connection; {@link Silence} if not a single byte arrives within
     * {@code silence} (a slowly arriving frame is not silence).
     */
    Event next(Duration silence) throws IOException {
        socket.setSoTimeout((int) silence.toMillis());
        while (true) {
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                return new Silence(silence);
            } catch (IOException e) {
                return new Ended(e.toString(), false);
            }
            if (first < 0) {
                return new Ended("end of stream", false);
            }
            try {
                int opcode = first & 0x0F;
                boolean fin = (first & 0x80) != 0;
                byte[] payload = readPayload();
                switch (opcode) {
                    case 0x1, 0x0 -> {
                        message.write(payload);
                        if (fin) {
                            String text = message.toString(StandardCharsets.UTF_8);
                            message.reset();
                            return new Message(text);
                        }
                    }
                    case 0x8 -> {
                        int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                        String reason = payload.length > 2
                                ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                        return new Close(code, reason);
                    }
                    default -> {
                        // ping/pong: not sent by the gateway; skip
                    }
                }
            } catch (SocketTimeoutException e) {
                return new Silence(silence);
            } catch (EOFException e) {
                return new Ended("end of stream", true);
            } catch (IOException e) {
                return new Ended(e.toString(), true);
            }
        }
    }

    private byte[] readPayload() throws IOException {
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if ((second & 0x80) != 0) {
            throw new IOException("server frames must not be masked");
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return payload;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        InputStream raw = in;
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = raw.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
