package io.nostale.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RenderedHomeTest {

    @Test
    void readsRowsInDomOrderAndTheLiveBlock() {
        RenderedHome page = RenderedHome.parse("""
                <ul><li class="room" data-status="pending" data-room-id="12">B <em>Waiting to be admitted</em></li>
                <li data-room-id="3" data-status="joined"><a href="/rooms/3">A</a></li></ul>
                <script type="application/json" id="nostale-live">{"gateway":"ws://g/live","token":"t","timepoint":"tp"}</script>
                """);
        assertThat(page.rows()).containsExactly(new RenderedHome.Row(12, "pending"), new RenderedHome.Row(3, "joined"));
        assertThat(page.token()).isEqualTo("t");
        assertThat(page.timepoint()).isEqualTo("tp");
        assertThat(page.gatewayUrl()).isEqualTo("ws://g/live");
        assertThat(page.shows(3)).isTrue();
        assertThat(page.shows(4)).isFalse();
    }

    @Test
    void refusesPagesWithoutLiveBlock() {
        assertThatThrownBy(() -> RenderedHome.parse("<p>login</p>")).isInstanceOf(AssertionError.class);
    }
}
