package io.nostale.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.ResumeProofs;
import io.nostale.wire.SigningKeys;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.Timepoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@link Frames#withProof}: the proof spliced into bytes serialized once must give the frame plus one field. */
class FramesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SubscriptionClaims ROOM = new SubscriptionClaims(7, "room:42",
            Timepoint.parse("0/1A2B3C4@755:759:756,757@2026-11-25T19:40:00.123Z"), Instant.parse("2026-11-26T00:00:00Z"));

    private final Frames frames = new Frames(JSON);
    private final String proof = new ResumeProofs(SigningKeys.parse("gw-1_a:" + Base64.getEncoder()
            .encodeToString("a-resume-proof-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8))))
            .prove(ROOM, "stream-1", 41, "0/10#0/20");

    @Test
    void aFrameWithItsProofIsTheFrameWithOneMoreFieldLast() {
        for (byte[] frame : everyKindOfFrame()) {
            byte[] proven = Frames.withProof(frame, proof);
            JsonNode parsed = JSON.readTree(proven); // valid JSON, or this throws
            ObjectNode expected = (ObjectNode) JSON.readTree(frame);
            assertThat(expected.has("proof")).isFalse();
            expected.put("proof", proof);
            assertThat(parsed).as(new String(proven, StandardCharsets.UTF_8)).isEqualTo(expected);
            List<String> names = new ArrayList<>(parsed.propertyNames());
            assertThat(names.get(names.size() - 1)).isEqualTo("proof");
            assertThat(proven).startsWith(java.util.Arrays.copyOf(frame, frame.length - 1));
        }
    }

    @Test
    void theSharedFrameIsLeftAsItWas() {
        byte[] frame = changeFrame();
        byte[] copy = frame.clone();
        byte[] proven = Frames.withProof(frame, proof);
        assertThat(frame).isEqualTo(copy);
        assertThat(proven).isNotSameAs(frame);
        assertThat(proven.length).isEqualTo(frame.length + ",\"proof\":\"\"".length() + proof.length());
    }

    @Test
    void proofsAreTheShapeResumeProofsIssue() {
        assertThat(proof).matches("gw-1_a\\.[A-Za-z0-9_-]{22}");
    }

    private List<byte[]> everyKindOfFrame() {
        return List.of(changeFrame(), frames.caughtUp("stream-1", 41, "0/10#0/20", 1_764_100_000_000L, 1_200, 15_000),
                frames.heartbeat("stream-1", -1, "0/0#0/0"),
                frames.heartbeat("stream-1", 41, "0/10#0/20", 1_764_100_000_000L, 1_200, 15_000),
                frames.heartbeat("stream-1", 41, "0/10#0/20", null, 1_200, 15_000));
    }

    @Test
    void liveHeartbeatsSayHowFreshTheStreamIsAndReplayHeartbeatsDoNot() {
        JsonNode live = JSON.readTree(frames.heartbeat("s", 41, "0/10#0/20", 1_764_100_000_000L, 1_200, 15_000));
        assertThat(live.path("streamAt").asLong()).isEqualTo(1_764_100_000_000L);
        assertThat(live.path("streamAge").asLong()).isEqualTo(1_200);
        assertThat(live.path("freshness").asLong()).isEqualTo(15_000);
        JsonNode unknown = JSON.readTree(frames.heartbeat("s", 41, "0/10#0/20", null, 1_200, 15_000));
        assertThat(unknown.has("streamAt")).isFalse();
        assertThat(unknown.path("streamAge").asLong()).isEqualTo(1_200);
        JsonNode replay = JSON.readTree(frames.heartbeat("s", 41, "0/10#0/20"));
        assertThat(replay.propertyNames()).containsExactly("type", "stream", "offset", "position");
        JsonNode caughtUp = JSON.readTree(frames.caughtUp("s", 41, "0/10#0/20", 1_764_100_000_000L, 0, 15_000));
        assertThat(caughtUp.path("streamAt").asLong()).isEqualTo(1_764_100_000_000L);
        assertThat(caughtUp.path("freshness").asLong()).isEqualTo(15_000);
    }

    /** A change whose rows need escaping and hold nested values: the splice must not care. */
    private byte[] changeFrame() {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("id", 9);
        after.put("body", "a \"quoted\" } brace, a \\ backslash, ünïcödé and an emoji \uD83D\uDE00\n");
        after.put("meta", Map.of("tags", List.of("x", "}"), "empty", Map.of()));
        after.put("none", null);
        return frames.encode(new ServerMessage.Change("change", "stream-1", 41, "0/10#0/20", 4_294_967_297L,
                "chat_message", "INSERT", Map.of(), after, 1_764_100_000_000L));
    }
}
