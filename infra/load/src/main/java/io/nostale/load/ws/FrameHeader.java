package io.nostale.load.ws;

/**
 * The header of one WebSocket frame as read off the wire.
 *
 * @param fin           last frame of its message
 * @param opcode        {@link Frames#TEXT}, {@link Frames#CLOSE}, ...
 * @param masked        the payload is masked (client frames are; a server frame never is)
 * @param maskKey       the 4 mask bytes, big-endian, when {@code masked}
 * @param payloadLength payload bytes that follow the header
 * @param headerLength  bytes of the header itself (2 to 14)
 */
public record FrameHeader(boolean fin, int opcode, boolean masked, int maskKey, long payloadLength, int headerLength) {

    /** Header plus payload. */
    public long frameLength() {
        return headerLength + payloadLength;
    }

    public boolean isControl() {
        return (opcode & 0x8) != 0;
    }
}
