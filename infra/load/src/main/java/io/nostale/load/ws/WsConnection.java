package io.nostale.load.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client WebSocket on a {@link Reactor}. Every method runs on that reactor's thread. An idle open connection
 * holds no buffer: bytes are read into the reactor's shared buffer, and only an incomplete frame (or a frame too big
 * for it) is kept here until the rest arrives; unsent bytes likewise.
 */
public final class WsConnection {

    /** Larger server frames are refused (1009); the gateway's biggest frames are a few KiB. */
    static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    private static final int MIN_KEPT_BYTES = 1024;

    private enum State { CONNECTING, HANDSHAKING, OPEN, CLOSED }

    private final Reactor reactor;
    private final SocketChannel channel;
    private final WsListener listener;
    private final String expectedAccept;
    private final Object attachment;
    private byte[] request;
    private SelectionKey key;
    private State state = State.CONNECTING;
    /** Received bytes that do not yet make a whole frame (or handshake answer), in write mode; null when none. */
    private ByteBuffer inbound;
    /** Bytes the next complete unit needs in all (frame length, or a guess during the handshake). */
    private int inboundNeed;
    /** Frames not yet written because the socket buffer was full; null when none. */
    private ArrayDeque<ByteBuffer> outbound;
    /** A fragmented text message being reassembled; null when none. */
    private byte[] message;
    private int messageLength;

    WsConnection(Reactor reactor, SocketChannel channel, WsListener listener, byte[] request, String expectedAccept,
            Object attachment) {
        this.reactor = reactor;
        this.channel = channel;
        this.listener = listener;
        this.request = request;
        this.expectedAccept = expectedAccept;
        this.attachment = attachment;
    }

    /** What the owner attached when connecting (the driver's page). */
    public Object attachment() {
        return attachment;
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** Sends one text message as a single masked frame. Ignored once the connection is closed. */
    public void sendText(byte[] utf8) {
        if (state != State.OPEN) {
            return;
        }
        write(Frames.clientText(utf8, ThreadLocalRandom.current().nextInt()));
    }

    /**
     * Ends the connection from our side: a close frame (if open and the socket takes it now), then the socket is
     * closed without waiting for the server's reply. The listener is not told: the owner asked for it.
     */
    public void close(int code, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.OPEN) {
            tryWriteNow(Frames.clientClose(code, reason, ThreadLocalRandom.current().nextInt()));
        }
        closeChannel();
    }

    void registered(SelectionKey key, boolean connected) {
        this.key = key;
        if (connected) {
            connected();
        } else {
            key.interestOps(SelectionKey.OP_CONNECT);
        }
    }

    void onConnectable() {
        try {
            channel.finishConnect();
        } catch (IOException e) {
            fail("connect", 0, describe(e));
            return;
        }
        connected();
    }

    private void connected() {
        state = State.HANDSHAKING;
        key.interestOps(SelectionKey.OP_READ);
        write(ByteBuffer.wrap(request));
        request = null;
    }

    /** A connection still not open after the handshake time limit is given up. */
    void handshakeTimedOut() {
        if (state == State.CONNECTING || state == State.HANDSHAKING) {
            fail(state == State.CONNECTING ? "connect" : "handshake", 0, "no answer within the time limit");
        }
    }

    void onWritable() {
        while (outbound != null) {
            ByteBuffer next = outbound.peek();
            try {
                channel.write(next);
            } catch (IOException e) {
                lost(describe(e));
                return;
            }
            if (next.hasRemaining()) {
                return; // still full; OP_WRITE stays on
            }
            outbound.poll();
            if (outbound.isEmpty()) {
                outbound = null;
            }
        }
        if (key.isValid()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    void onReadable(ByteBuffer shared) {
        ByteBuffer buf = shared;
        shared.clear();
        if (inbound != null) {
            if (inboundNeed <= shared.capacity()) {
                shared.put(inbound.flip()); // small remainder: continue in the shared buffer, drop our own
                inbound = null;
            } else {
                buf = inbound; // a frame bigger than the shared buffer: read straight into its own
            }
        }
        int read;
        try {
            read = channel.read(buf);
        } catch (IOException e) {
            lost(describe(e));
            return;
        }
        if (read < 0) {
            lost("end of stream");
            return;
        }
        buf.flip();
        int need = state == State.HANDSHAKING ? handshake(buf) : frames(buf);
        if (state == State.CLOSED || !buf.hasRemaining()) {
            inbound = null;
            return;
        }
        keep(buf, need);
    }

    /** Keeps the unconsumed bytes of {@code buf} (read mode) for the next read, in a buffer of at least {@code need}. */
    private void keep(ByteBuffer buf, int need) {
        inboundNeed = Math.max(need, buf.remaining() + 1);
        if (buf == inbound && inbound.capacity() >= inboundNeed) {
            inbound.compact();
            return;
        }
        ByteBuffer kept = ByteBuffer.allocate(Math.max(MIN_KEPT_BYTES, inboundNeed));
        kept.put(buf);
        inbound = kept;
    }

    private int handshake(ByteBuffer buf) {
        byte[] answer = Arrays.copyOfRange(buf.array(), buf.arrayOffset() + buf.position(), buf.arrayOffset() + buf.limit());
        Handshake.Answer verdict = Handshake.parse(answer, answer.length, expectedAccept);
        if (verdict instanceof Handshake.Answer.Incomplete) {
            return Math.min(Handshake.MAX_RESPONSE_BYTES + 1, Math.max(MIN_KEPT_BYTES, 2 * answer.length));
        }
        if (verdict instanceof Handshake.Answer.Refused refused) {
            fail("handshake", refused.status(), refused.statusLine());
            return 0;
        }
        if (verdict instanceof Handshake.Answer.Invalid invalid) {
            fail("handshake", 0, invalid.why());
            return 0;
        }
        buf.position(buf.position() + ((Handshake.Answer.Upgraded) verdict).headerBytes());
        state = State.OPEN;
        listener.onOpen(this);
        return state == State.OPEN ? frames(buf) : 0;
    }

    /** Handles every whole frame in {@code buf}; returns the length the next, incomplete one needs. */
    private int frames(ByteBuffer buf) {
        while (buf.hasRemaining()) {
            FrameHeader header;
            try {
                header = Frames.peekHeader(buf);
            } catch (IllegalArgumentException e) {
                violation(Frames.PROTOCOL_ERROR, e.getMessage());
                return 0;
            }
            if (header == null) {
                return 14; // the longest header
            }
            if (header.frameLength() > MAX_FRAME_BYTES) {
                violation(Frames.TOO_BIG, "frame of " + header.payloadLength() + " bytes");
                return 0;
            }
            if (buf.remaining() < header.frameLength()) {
                return (int) header.frameLength();
            }
            if (header.masked()) {
                violation(Frames.PROTOCOL_ERROR, "the server masked a frame");
                return 0;
            }
            int at = buf.arrayOffset() + buf.position() + header.headerLength();
            buf.position(buf.position() + (int) header.frameLength()); // consumed before the owner sees it
            frame(header, buf.array(), at, (int) header.payloadLength());
            if (state != State.OPEN) {
                return 0;
            }
        }
        return 0;
    }

    private void frame(FrameHeader header, byte[] bytes, int at, int length) {
        switch (header.opcode()) {
            case Frames.TEXT -> {
                if (message != null) {
                    violation(Frames.PROTOCOL_ERROR, "a new text message inside a fragmented one");
                } else if (header.fin()) {
                    listener.onText(this, bytes, at, length);
                } else {
                    message = Arrays.copyOfRange(bytes, at, at + length);
                    messageLength = length;
                }
            }
            case Frames.CONTINUATION -> {
                if (message == null) {
                    violation(Frames.PROTOCOL_ERROR, "a continuation frame outside a message");
                    return;
                }
                if (messageLength + length > MAX_FRAME_BYTES) {
                    violation(Frames.TOO_BIG, "message of more than " + MAX_FRAME_BYTES + " bytes");
                    return;
                }
                if (messageLength + length > message.length) {
                    message = Arrays.copyOf(message, Math.max(messageLength + length, 2 * message.length));
                }
                System.arraycopy(bytes, at, message, messageLength, length);
                messageLength += length;
                if (header.fin()) {
                    byte[] whole = message;
                    int wholeLength = messageLength;
                    message = null;
                    listener.onText(this, whole, 0, wholeLength);
                }
            }
            case Frames.CLOSE -> {
                Frames.CloseReason reason = Frames.parseClose(bytes, at, length);
                // Echo the code (RFC 6455 5.5.1), then close without waiting for the server to close first.
                int echo = reason.code() == Frames.NO_STATUS ? 1000 : reason.code();
                tryWriteNow(Frames.clientClose(echo, "", ThreadLocalRandom.current().nextInt()));
                closeChannel();
                listener.onEnd(this, new Ending.Closed(reason.code(), reason.reason()));
            }
            case Frames.PING -> write(Frames.clientFrame(Frames.PONG, bytes, at, length, ThreadLocalRandom.current().nextInt()));
            case Frames.PONG -> {
                // unsolicited pongs are allowed and mean nothing
            }
            case Frames.BINARY -> violation(Frames.UNSUPPORTED_DATA, "a binary frame (the protocol sends text only)");
            default -> violation(Frames.PROTOCOL_ERROR, "unknown opcode " + header.opcode());
        }
    }

    private void write(ByteBuffer frame) {
        if (outbound != null) {
            outbound.add(frame);
            return;
        }
        try {
            channel.write(frame);
        } catch (IOException e) {
            lost(describe(e));
            return;
        }
        if (frame.hasRemaining()) {
            outbound = new ArrayDeque<>(2);
            outbound.add(frame);
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    /** Best effort for a last frame: whatever the socket takes now; the connection is closed right after. */
    private void tryWriteNow(ByteBuffer frame) {
        if (outbound != null) {
            return; // a frame is half written; a close frame behind it cannot go out now
        }
        try {
            channel.write(frame);
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void violation(int code, String cause) {
        if (state == State.OPEN) {
            tryWriteNow(Frames.clientClose(code, cause, ThreadLocalRandom.current().nextInt()));
        }
        closeChannel();
        listener.onEnd(this, new Ending.Violation(code, cause));
    }

    private void lost(String cause) {
        boolean wasOpen = state == State.OPEN;
        State was = state;
        if (was == State.CLOSED) {
            return;
        }
        closeChannel();
        listener.onEnd(this, wasOpen ? new Ending.Dropped(cause)
                : new Ending.Failed(was == State.CONNECTING ? "connect" : "handshake", 0, cause));
    }

    /** Fails a connection that never opened; also used by the reactor when binding or connecting throws. */
    void fail(String stage, int httpStatus, String cause) {
        if (state == State.CLOSED) {
            return;
        }
        closeChannel();
        listener.onEnd(this, new Ending.Failed(stage, httpStatus, cause));
    }

    private void closeChannel() {
        state = State.CLOSED;
        inbound = null;
        outbound = null;
        message = null;
        if (key != null) {
            key.cancel();
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // nothing left to release
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
