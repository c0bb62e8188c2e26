package io.nostale.benchmarks;

import io.nostale.wire.PageGrant;
import io.nostale.wire.ResumeProofs;
import io.nostale.wire.SigningKeys;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.Timepoint;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the gateway spends per delivered frame, side by side in one run: serializing a typical room-message change
 * frame, computing its resume proof (HMAC-SHA256 over the subscription's claims and the point, D14), and both —
 * the proof's share of a frame's cost is the ratio of the last to the first.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCostBenchmark {

    private static final String KEYS = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);
    /** A snapshot with a few in-progress transactions, as busy databases have. */
    private static final Timepoint TIMEPOINT =
            Timepoint.parse("2A/16B37480@8812340:8812352:8812341,8812344,8812349@2026-11-25T23:00:00.123Z");

    private final JsonMapper json = JsonMapper.builder().build();
    private final ResumeProofs proofs = new ResumeProofs(SigningKeys.parse(KEYS));
    private final SubscriptionClaims claims = new SubscriptionClaims(42, "room:7", TIMEPOINT,
            Instant.parse("2026-11-26T11:00:00Z"), Set.of(PageGrant.MEMBER));
    private final Map<String, Object> after = Map.of("id", 912_345L, "room_id", 7L, "author_id", 11L,
            "body", "Next month: \"The Left Hand of Darkness\". Who is in?", "created_at", "2026-11-25T23:00:01.456Z",
            "version", 1L);
    private long offset = 1_000_000;

    @Benchmark
    public String frameWithoutProof() {
        return json.writeValueAsString(frame(++offset, null));
    }

    @Benchmark
    public String proofOnly() {
        return proofs.prove(claims, "Yx3kLr0pQ2u8y5n1b7c9dA", ++offset, "2A/16B39000#2A/16B38F40");
    }

    @Benchmark
    public String frameWithProof() {
        long at = ++offset;
        return json.writeValueAsString(frame(at, proofs.prove(claims, "Yx3kLr0pQ2u8y5n1b7c9dA", at, "2A/16B39000#2A/16B38F40")));
    }

    private Map<String, Object> frame(long at, String proof) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "change");
        frame.put("stream", "Yx3kLr0pQ2u8y5n1b7c9dA");
        frame.put("offset", at);
        frame.put("position", "2A/16B39000#2A/16B38F40");
        frame.put("xid", 8_812_360L);
        frame.put("table", "chat_message");
        frame.put("op", "INSERT");
        frame.put("before", Map.of());
        frame.put("after", after);
        frame.put("commitMillis", 1_764_111_601_456L);
        if (proof != null) {
            frame.put("proof", proof);
        }
        return frame;
    }
}
