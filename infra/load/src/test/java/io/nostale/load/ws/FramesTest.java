package io.nostale.load.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void clientFramesAreMaskedAndDecodeBackForEveryLengthEncoding() {
        for (int length : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 200_000}) {
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++) {
                payload[i] = (byte) (i * 31);
            }
            ByteBuffer frame = Frames.clientFrame(Frames.TEXT, payload, 0, length, 0x11223344);
            FrameHeader header = Frames.peekHeader(frame);
            assertThat(header).isNotNull();
            assertThat(header.fin()).isTrue();
            assertThat(header.opcode()).isEqualTo(Frames.TEXT);
            assertThat(header.masked()).isTrue();
            assertThat(header.maskKey()).isEqualTo(0x11223344);
            assertThat(header.payloadLength()).isEqualTo(length);
            assertThat(header.frameLength()).isEqualTo(frame.remaining());
            byte[] wire = Arrays.copyOfRange(frame.array(), header.headerLength(), (int) header.frameLength());
            if (length > 0) {
                assertThat(wire).isNotEqualTo(payload); // masked on the wire
            }
            Frames.mask(wire, 0, wire.length, header.maskKey());
            assertThat(wire).isEqualTo(payload);
        }
    }

    @Test
    void theMaskKeyIsAppliedBigEndianByteByByte() {
        byte[] payload = "Hello".getBytes(StandardCharsets.US_ASCII);
        // RFC 6455 5.7: "Hello" masked with 37 fa 21 3d is 7f 9f 4d 51 58
        ByteBuffer frame = Frames.clientFrame(Frames.TEXT, payload, 0, payload.length, 0x37fa213d);
        byte[] bytes = Arrays.copyOfRange(frame.array(), 0, frame.remaining());
        assertThat(bytes).containsExactly(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    }

    @Test
    void serverFramesAreUnmaskedWithTheirFinBitAndOpcode() {
        ByteBuffer frame = Frames.serverFrame(false, Frames.TEXT, "Hel".getBytes(StandardCharsets.US_ASCII));
        FrameHeader header = Frames.peekHeader(frame);
        assertThat(header.fin()).isFalse();
        assertThat(header.masked()).isFalse();
        assertThat(header.headerLength()).isEqualTo(2);
        assertThat(header.payloadLength()).isEqualTo(3);
        // RFC 6455 5.7, a fragmented unmasked text message: 0x01 0x03 "Hel", 0x80 0x02 "lo"
        assertThat(Arrays.copyOfRange(frame.array(), 0, 2)).containsExactly(0x01, 0x03);
        assertThat(Arrays.copyOfRange(Frames.serverFrame(true, Frames.CONTINUATION, "lo".getBytes()).array(), 0, 2))
                .containsExactly(0x80, 0x02);
    }

    @Test
    void anIncompleteHeaderIsNull() {
        ByteBuffer frame = Frames.serverFrame(true, Frames.TEXT, new byte[70_000]);
        for (int available = 0; available < 10; available++) {
            ByteBuffer part = ByteBuffer.wrap(frame.array(), 0, available);
            assertThat(Frames.peekHeader(part)).as("%d bytes", available).isNull();
        }
        assertThat(Frames.peekHeader(ByteBuffer.wrap(frame.array(), 0, 10)).payloadLength()).isEqualTo(70_000);
    }

    @Test
    void peekingDoesNotConsume() {
        ByteBuffer frame = Frames.serverFrame(true, Frames.TEXT, new byte[5]);
        Frames.peekHeader(frame);
        assertThat(frame.position()).isZero();
    }

    @Test
    void headersNoEndpointMaySendAreRefused() {
        assertThatThrownBy(() -> Frames.peekHeader(ByteBuffer.wrap(new byte[] {(byte) 0xC1, 0x00})))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> Frames.peekHeader(ByteBuffer.wrap(new byte[] {(byte) 0x09, 0x00})))
                .hasMessageContaining("control frame"); // a ping without FIN
        assertThatThrownBy(() -> Frames.peekHeader(ByteBuffer.wrap(new byte[] {(byte) 0x89, 126, 0, 126})))
                .hasMessageContaining("control frame"); // a ping of 126 bytes
        byte[] huge = {(byte) 0x81, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> Frames.peekHeader(ByteBuffer.wrap(huge))).hasMessageContaining("64-bit");
    }

    @Test
    void closeFramesCarryCodeAndReasonCutToFit() {
        ByteBuffer close = Frames.clientClose(4409, "x".repeat(300), 0);
        FrameHeader header = Frames.peekHeader(close);
        assertThat(header.opcode()).isEqualTo(Frames.CLOSE);
        assertThat(header.payloadLength()).isEqualTo(125);
        Frames.CloseReason reason = Frames.parseClose(close.array(), header.headerLength(), (int) header.payloadLength());
        assertThat(reason.code()).isEqualTo(4409);
        assertThat(reason.reason()).hasSize(123);
        assertThat(Frames.parseClose(new byte[0], 0, 0).code()).isEqualTo(Frames.NO_STATUS);
    }

    @Test
    void aCutReasonNeverEndsInsideAUtf8Sequence() {
        byte[] payload = Frames.closePayload(1000, "a" + "é".repeat(100));
        String reason = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        assertThat(reason).doesNotContain("\uFFFD").startsWith("aé");
        assertThat(payload.length - 2).isLessThanOrEqualTo(123);
    }
}
