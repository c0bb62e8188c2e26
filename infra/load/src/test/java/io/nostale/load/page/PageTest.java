package io.nostale.load.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.load.check.PageKind;
import io.nostale.load.check.PageView;
import io.nostale.wire.Timepoint;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The resume point follows the browser script's rule (docs/protocol.md, "Resume point with proof"). */
class PageTest {

    private static final Timepoint T = Timepoint.parse("0/1A2B3C4@755:759:756,757@2026-11-25T19:40:00.123Z");
    private final FrameParser parser = new FrameParser();
    private final Page page = new Page(1, 0, new PageView(PageKind.HOME, 7, 0, Set.of()), null, "token", T);

    private void apply(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        page.remember(parser.parse(bytes, 0, bytes.length, new ServerFrame()));
    }

    @Test
    void theLastPointIsKeptWithItsProof() {
        apply("{\"type\":\"caught-up\",\"stream\":\"s\",\"offset\":10,\"position\":\"a\",\"proof\":\"k1.p10\"}");
        apply("{\"type\":\"change\",\"stream\":\"s\",\"offset\":12,\"position\":\"b\",\"proof\":\"k1.p12\"}");
        assertThat(page.offset).isEqualTo(12);
        assertThat(page.position).isEqualTo("b");
        assertThat(page.proof).isEqualTo("k1.p12");
    }

    @Test
    void itNeverMovesBackwardsInTheSameStream() {
        apply("{\"type\":\"change\",\"stream\":\"s\",\"offset\":12,\"position\":\"b\",\"proof\":\"k1.p12\"}");
        apply("{\"type\":\"heartbeat\",\"stream\":\"s\",\"offset\":11,\"position\":\"a\",\"proof\":\"k1.p11\"}");
        assertThat(page.offset).isEqualTo(12);
        assertThat(page.proof).isEqualTo("k1.p12");
    }

    @Test
    void aLaterPointWithoutProofDropsTheOldProof() {
        apply("{\"type\":\"change\",\"stream\":\"s\",\"offset\":12,\"position\":\"b\",\"proof\":\"k1.p12\"}");
        apply("{\"type\":\"heartbeat\",\"stream\":\"s\",\"offset\":20,\"position\":\"c\"}");
        assertThat(page.offset).isEqualTo(20);
        assertThat(page.proof).isNull();
    }

    @Test
    void framesWithoutAPointLeaveItAndAReloadForgetsIt() {
        apply("{\"type\":\"change\",\"stream\":\"s\",\"offset\":12,\"position\":\"b\"}");
        apply("{\"type\":\"resync\",\"reason\":\"slow-client\"}");
        assertThat(page.offset).isEqualTo(12);
        Timepoint later = Timepoint.parse("0/1A2B400@760:760:@2026-11-25T19:41:00Z");
        page.reloaded("token2", later);
        assertThat(page.stream).isNull();
        assertThat(page.token).isEqualTo("token2");
        assertThat(page.received.current()).isEqualTo(later);
    }
}
