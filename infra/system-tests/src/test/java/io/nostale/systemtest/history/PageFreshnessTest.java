package io.nostale.systemtest.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The same cases as the page script's tests (renderer/src/test/js/freshness.test.mjs), on the Java reading. */
class PageFreshnessTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long READ = 1_764_099_600_123L;
    private static final long MS = 1_000_000;

    @Test
    void judgesNothingUntilTheGatewayReportsFreshness() {
        PageFreshness page = new PageFreshness(READ, 0);
        page.frame(frame("{\"type\":\"change\",\"commitMillis\":" + READ + "}"), 100 * MS);
        page.frame(frame("{\"type\":\"heartbeat\",\"offset\":3}"), 200 * MS);
        assertThat(page.lag(60_000 * MS)).isEqualTo(-1);
        assertThat(page.delayed(60_000 * MS)).isFalse();
    }

    @Test
    void theLagIsTheLargerOfTheStreamAgainstTheReadAndTheGatewaysAge() {
        PageFreshness page = new PageFreshness(READ, 0);
        // 3 s after the render; the stream 1 s past the read; the gateway got it 2 s before a frame 0.5 s ago
        page.frame(frame("{\"type\":\"caught-up\",\"streamAt\":" + (READ + 1_000) + ",\"streamAge\":2000}"), 2_500 * MS);
        assertThat(page.lag(3_000 * MS)).isEqualTo(2_500);
        // a stream that moves but runs behind: 20 s after the render, 1 s past the read, age 0
        page.frame(frame("{\"type\":\"heartbeat\",\"streamAt\":" + (READ + 1_000) + ",\"streamAge\":0}"), 20_000 * MS);
        assertThat(page.lag(20_000 * MS)).isEqualTo(19_000);
        assertThat(page.delayed(20_000 * MS)).isTrue();
    }

    @Test
    void aStandingStreamTurnsDelayedPastFreshnessAndALiveChangeBringsItBack() {
        PageFreshness page = new PageFreshness(READ, 0);
        page.frame(frame("{\"type\":\"caught-up\",\"streamAt\":" + (READ + 10) + ",\"streamAge\":0,\"freshness\":15000}"),
                0);
        assertThat(page.delayed(15_000 * MS)).isFalse();
        assertThat(page.delayed(15_001 * MS)).isTrue();
        page.frame(frame("{\"type\":\"change\",\"commitMillis\":" + (READ + 15_500) + "}"), 16_000 * MS);
        assertThat(page.lag(16_000 * MS)).isEqualTo(500);
        assertThat(page.delayed(16_000 * MS)).isFalse();
    }

    @Test
    void takesTheGatewaysFreshnessLimit() {
        PageFreshness page = new PageFreshness(READ, 0);
        page.frame(frame("{\"type\":\"caught-up\",\"streamAt\":" + READ + ",\"streamAge\":0,\"freshness\":5000}"), 0);
        assertThat(page.freshness()).isEqualTo(5_000);
        assertThat(page.delayed(5_001 * MS)).isTrue();
    }

    private static JsonNode frame(String json) {
        return JSON.readTree(json);
    }
}
