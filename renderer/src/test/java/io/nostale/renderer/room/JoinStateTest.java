package io.nostale.renderer.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class JoinStateTest {

    @Test
    void membershipWinsOverAnyRequest() {
        assertThat(JoinState.of(true, Optional.of("pending"))).isEqualTo(JoinState.MEMBER);
    }

    @Test
    void latestRequestDecidesForNonMembers() {
        assertThat(JoinState.of(false, Optional.of("pending"))).isEqualTo(JoinState.PENDING);
        assertThat(JoinState.of(false, Optional.of("denied"))).isEqualTo(JoinState.DENIED);
        // admitted, then left the room
        assertThat(JoinState.of(false, Optional.of("admitted"))).isEqualTo(JoinState.NONE);
        assertThat(JoinState.of(false, Optional.empty())).isEqualTo(JoinState.NONE);
    }

    @Test
    void onlyVisitorsWithoutAPendingRequestMayAsk() {
        assertThat(JoinState.NONE.mayRequest()).isTrue();
        assertThat(JoinState.DENIED.mayRequest()).isTrue();
        assertThat(JoinState.PENDING.mayRequest()).isFalse();
        assertThat(JoinState.MEMBER.mayRequest()).isFalse();
    }
}
