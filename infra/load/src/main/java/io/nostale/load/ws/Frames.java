package io.nostale.load.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Encoding and decoding of RFC 6455 frames (section 5). Pure functions over buffers; no I/O. */
public final class Frames {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** Close code when a close frame carries none (RFC 6455 7.4.1); never sent on the wire. */
    public static final int NO_STATUS = 1005;
    /** Close code for a connection that ended without a close frame; never sent on the wire. */
    public static final int ABNORMAL = 1006;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    public static final int TOO_BIG = 1009;

    private Frames() {
    }

    /**
     * Reads the header at {@code buf.position()} without consuming anything; null when the buffer does not hold
     * the whole header yet. Throws {@link IllegalArgumentException} for a header no endpoint may send (reserved bits,
     * a 64-bit length with the top bit set, a control frame that is fragmented or longer than 125 bytes).
     */
    public static FrameHeader peekHeader(ByteBuffer buf) {
        int at = buf.position();
        int available = buf.remaining();
        if (available < 2) {
            return null;
        }
        int b0 = buf.get(at) & 0xFF;
        int b1 = buf.get(at + 1) & 0xFF;
        if ((b0 & 0x70) != 0) {
            throw new IllegalArgumentException("reserved bits set (no extension was negotiated)");
        }
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        boolean masked = (b1 & 0x80) != 0;
        int length7 = b1 & 0x7F;
        int header = 2;
        long payload;
        if (length7 == 126) {
            if (available < 4) {
                return null;
            }
            payload = buf.getShort(at + 2) & 0xFFFF;
            header = 4;
        } else if (length7 == 127) {
            if (available < 10) {
                return null;
            }
            payload = buf.getLong(at + 2);
            if (payload < 0) {
                throw new IllegalArgumentException("64-bit payload length with the most significant bit set");
            }
            header = 10;
        } else {
            payload = length7;
        }
        int maskKey = 0;
        if (masked) {
            if (available < header + 4) {
                return null;
            }
            maskKey = buf.getInt(at + header);
            header += 4;
        }
        if ((opcode & 0x8) != 0 && (!fin || payload > 125)) {
            throw new IllegalArgumentException("control frame fragmented or longer than 125 bytes");
        }
        return new FrameHeader(fin, opcode, masked, maskKey, payload, header);
    }

    /** A client frame: FIN set, payload masked with {@code maskKey} (RFC 6455 5.3). */
    public static ByteBuffer clientFrame(int opcode, byte[] payload, int offset, int length, int maskKey) {
        int header = length < 126 ? 6 : length < 65_536 ? 8 : 14;
        ByteBuffer out = ByteBuffer.allocate(header + length);
        out.put((byte) (0x80 | opcode));
        if (length < 126) {
            out.put((byte) (0x80 | length));
        } else if (length < 65_536) {
            out.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            out.put((byte) (0x80 | 127)).putLong(length);
        }
        out.putInt(maskKey);
        int start = out.position();
        out.put(payload, offset, length);
        mask(out.array(), start, length, maskKey);
        return out.flip();
    }

    public static ByteBuffer clientText(byte[] utf8, int maskKey) {
        return clientFrame(TEXT, utf8, 0, utf8.length, maskKey);
    }

    /** A close frame with {@code code} and a reason cut to fit the 125-byte control payload. */
    public static ByteBuffer clientClose(int code, String reason, int maskKey) {
        byte[] payload = closePayload(code, reason);
        return clientFrame(CLOSE, payload, 0, payload.length, maskKey);
    }

    static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, 123);
        while (length > 0 && length < text.length && (text[length] & 0xC0) == 0x80) {
            length--; // never cut a UTF-8 sequence
        }
        ByteBuffer payload = ByteBuffer.allocate(2 + length).putShort((short) code).put(text, 0, length);
        return payload.array();
    }

    /** Code and reason of a close frame's payload; {@link #NO_STATUS} when it has none. */
    public static CloseReason parseClose(byte[] payload, int offset, int length) {
        if (length < 2) {
            return new CloseReason(NO_STATUS, "");
        }
        int code = ((payload[offset] & 0xFF) << 8) | (payload[offset + 1] & 0xFF);
        return new CloseReason(code, new String(payload, offset + 2, length - 2, StandardCharsets.UTF_8));
    }

    /** XORs the bytes with the mask key in place; masking and unmasking are the same operation. */
    public static void mask(byte[] bytes, int offset, int length, int maskKey) {
        if (maskKey == 0) {
            return;
        }
        for (int i = 0; i < length; i++) {
            bytes[offset + i] ^= (byte) (maskKey >>> (8 * (3 - (i & 3))));
        }
    }

    /** An unmasked frame as a server writes it; the driver only needs it for its own tests. */
    public static ByteBuffer serverFrame(boolean fin, int opcode, byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
        ByteBuffer out = ByteBuffer.allocate(header + length);
        out.put((byte) ((fin ? 0x80 : 0) | opcode));
        if (length < 126) {
            out.put((byte) length);
        } else if (length < 65_536) {
            out.put((byte) 126).putShort((short) length);
        } else {
            out.put((byte) 127).putLong(length);
        }
        return out.put(payload).flip();
    }

    /** The code and reason of a close frame. */
    public record CloseReason(int code, String reason) {
    }
}
