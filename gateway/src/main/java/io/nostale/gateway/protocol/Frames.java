package io.nostale.gateway.protocol;

import io.nostale.pages.delivery.ResyncReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serializes server messages to the UTF-8 bytes of one text frame. A frame that goes to many pages is serialized
 * once and the same bytes are written to every socket; a page that needs a resume proof gets those bytes with its
 * proof spliced in before the closing brace ({@link #withProof}), which costs a copy, not a second serialization.
 */
public final class Frames {

    private static final byte[] PROOF_FIELD = ",\"proof\":\"".getBytes(StandardCharsets.US_ASCII);

    private final JsonMapper json;

    public Frames(JsonMapper json) {
        this.json = json;
    }

    public byte[] encode(ServerMessage message) {
        return json.writeValueAsBytes(message);
    }

    public byte[] caughtUp(String stream, long offset, String position, long streamAt, long streamAge, long freshness) {
        return encode(ServerMessage.caughtUp(stream, offset, position, streamAt, streamAge, freshness));
    }

    /** A replaying page's heartbeat: a resume point only. */
    public byte[] heartbeat(String stream, long offset, String position) {
        return encode(ServerMessage.heartbeat(stream, offset, position));
    }

    /** A live page's heartbeat: a resume point and how fresh the stream is ({@code streamAt} null: none seen yet). */
    public byte[] heartbeat(String stream, long offset, String position, Long streamAt, long streamAge, long freshness) {
        return encode(ServerMessage.heartbeat(stream, offset, position, streamAt, streamAge, freshness));
    }

    public byte[] resync(ResyncReason reason, String detail) {
        return encode(ServerMessage.resync(reason.wireName(), detail));
    }

    public byte[] error(String code, String detail) {
        return encode(ServerMessage.error(code, detail));
    }

    /**
     * {@code frame} (a JSON object) with {@code "proof":"<proof>"} as its last field. Proofs are {@code KEYID.MAC} in
     * base64url and key ids are validated to plain characters, so the proof needs no escaping.
     */
    public static byte[] withProof(byte[] frame, String proof) {
        byte[] proofBytes = proof.getBytes(StandardCharsets.US_ASCII);
        int body = frame.length - 1; // everything before the closing '}'
        byte[] out = Arrays.copyOf(frame, body + PROOF_FIELD.length + proofBytes.length + 2);
        System.arraycopy(PROOF_FIELD, 0, out, body, PROOF_FIELD.length);
        System.arraycopy(proofBytes, 0, out, body + PROOF_FIELD.length, proofBytes.length);
        out[out.length - 2] = '"';
        out[out.length - 1] = '}';
        return out;
    }
}
