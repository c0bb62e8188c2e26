package io.nostale.renderer;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the gateway that speaks just enough WebSocket (RFC 6455: handshake, text and close frames)
 * for the browser script's tests: it records what the page sends and sends what the test scripts, so the
 * script is tested against exactly the protocol of the brief, independently of the real gateway.
 * One connection at a time; a new one replaces the old.
 */
public final class FakeGateway implements AutoCloseable {

    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private volatile Socket current;

    public FakeGateway(int port) throws IOException {
        server = new ServerSocket(port, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fake-gateway");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The next text frame a page sent, waiting up to {@code seconds}. */
    public String nextMessage(int seconds) throws InterruptedException {
        String message = received.poll(seconds, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("the page sent nothing within " + seconds + " s");
        }
        return message;
    }

    /** Forgets frames not yet read (from pages of earlier tests). */
    public void drain() {
        received.clear();
    }

    public void send(String text) throws IOException {
        writeFrame(requireConnection(), 0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a close frame with {@code code} and drops the connection, as the gateway does. */
    public void close(int code) throws IOException {
        Socket socket = requireConnection();
        writeFrame(socket, 0x8, closePayload(code));
        socket.close();
    }

    /**
     * Sends {@code text}, then closes with {@code code}, both on the connection of now. A page closes on a
     * {@code resync} frame alone, maybe before the close goes out: then that connection is already gone, which is
     * fine (and a connection the page opens afterwards is not closed by mistake).
     */
    public void sendAndClose(String text, int code) throws IOException {
        Socket socket = requireConnection();
        writeFrame(socket, 0x1, text.getBytes(StandardCharsets.UTF_8));
        if (socket.isClosed()) {
            return;
        }
        try {
            writeFrame(socket, 0x8, closePayload(code));
            socket.close();
        } catch (IOException e) {
            if (!socket.isClosed()) {
                throw e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (current != null) {
            current.close();
        }
    }

    private Socket requireConnection() {
        Socket socket = current;
        if (socket == null || socket.isClosed()) {
            throw new IllegalStateException("no page is connected");
        }
        return socket;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread reader = new Thread(() -> serve(socket), "fake-gateway-connection");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            Matcher key = KEY.matcher(readHeaders(in));
            if (!key.find()) {
                return;
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key.group(1) + GUID).getBytes(StandardCharsets.US_ASCII)));
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            current = socket;
            readFrames(socket, in);
        } catch (IOException | NoSuchAlgorithmException e) {
            // connection gone: the page reconnects, which is what tests look at
        }
    }

    private void readFrames(Socket socket, InputStream in) throws IOException {
        while (true) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                return;
            }
            int opcode = b0 & 0x0F;
            long length = b1 & 0x7F;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            } else if (length == 127) {
                length = ByteBuffer.wrap(in.readNBytes(8)).getLong();
            }
            byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : new byte[4];
            byte[] payload = in.readNBytes((int) length);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            if (opcode == 0x1) {
                received.add(new String(payload, StandardCharsets.UTF_8));
            } else if (opcode == 0x8) {
                writeFrame(socket, 0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                return;
            } else if (opcode == 0x9) {
                writeFrame(socket, 0xA, payload);
            }
        }
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            headers.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] closePayload(int code) {
        return ByteBuffer.allocate(2).putShort((short) code).array();
    }

    private static synchronized void writeFrame(Socket socket, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length < 65536) {
            frame.write(126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(127);
            frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        frame.writeBytes(payload);
        OutputStream out = socket.getOutputStream();
        out.write(frame.toByteArray());
        out.flush();
    }
}
