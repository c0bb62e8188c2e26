package io.nostale.pages;

import static io.nostale.pages.Changes.delete;
import static io.nostale.pages.Changes.insert;
import static io.nostale.pages.Changes.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.PageGrant;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.Timepoint;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HomePageFilterTest {

    private final PageFilter home = Changes.filter("home", 7);

    private boolean shows(ChangeEvent change) {
        return home.judge(change) instanceof Verdict.Show show && show.shown().equals(change);
    }

    @Test
    void showsOwnRequestsAndMembershipsBeforeAndAfter() {
        assertThat(shows(insert("chat_room_join_request", Map.of("user_id", 7)))).isTrue();
        assertThat(shows(delete("chat_room_member", Map.of("user_id", 7L)))).isTrue();
        assertThat(shows(update("chat_room_join_request", Map.of("user_id", 7), Map.of("user_id", 8))))
                .as("a row moved away from the user still reaches the page that showed it").isTrue();
    }

    @Test
    void hidesOtherUsersMessagesAndUnknownTables() {
        assertThat(home.judge(insert("chat_room_join_request", Map.of("user_id", 8)))).isEqualTo(Verdict.HIDE);
        assertThat(home.judge(insert("chat_message", Map.of("author_id", 7)))).isEqualTo(Verdict.HIDE);
        assertThat(home.judge(update("nostale_heartbeat", Map.of(), Map.of("id", 1)))).isEqualTo(Verdict.HIDE);
        assertThat(home.judge(insert("chat_room_member", Map.of("user_id", "7"))))
                .as("ids are numbers on the wire; anything else matches nobody").isEqualTo(Verdict.HIDE);
    }

    @Test
    void roomTitlesArePublic() {
        assertThat(shows(update("chat_room", Map.of("id", 1), Map.of("id", 1)))).isTrue();
        assertThat(home.needsResumeProof()).isFalse();
    }

    @Test
    void unknownPagesAndGrantsOnPagesWithoutAccessHaveNoFilter() {
        Timepoint timepoint = Timepoint.parse("0/1@1:1:@2026-11-25T10:00:00Z");
        Instant expiry = Instant.parse("2026-11-26T10:00:00Z");
        for (String page : new String[] {"admin", "room:0", "room:01", "room:9999999999999999999", "rooms:1", "home:1"}) {
            assertThat(PageFilters.forPage(new SubscriptionClaims(7, page, timepoint, expiry))).as(page).isEmpty();
        }
        assertThat(PageFilters.forPage(new SubscriptionClaims(7, "home", timepoint, expiry, Set.of(PageGrant.OWNER))))
                .isEmpty();
        assertThat(PageFilters.forPage(new SubscriptionClaims(7, "rooms", timepoint, expiry, Set.of(PageGrant.MEMBER))))
                .isEmpty();
    }
}
