package io.nostale.gateway.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Operation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HomePageFilterTest {

    private final PageFilter home = PageFilters.forPage("home", 7).orElseThrow();

    private static ChangeEvent change(String table, Operation op, Map<String, Object> before, Map<String, Object> after) {
        return new ChangeEvent(table, op, 1, "0/1", "0/1#0/1", 0, before, after);
    }

    @Test
    void matchesOwnRequestsAndMembershipsBeforeAndAfter() {
        assertThat(home.matches(change("chat_room_join_request", Operation.INSERT, Map.of(), Map.of("user_id", 7)))).isTrue();
        assertThat(home.matches(change("chat_room_member", Operation.DELETE, Map.of("user_id", 7L), Map.of()))).isTrue();
        assertThat(home.matches(change("chat_room_join_request", Operation.UPDATE, Map.of("user_id", 7), Map.of("user_id", 8))))
                .as("a row moved away from the user still reaches the page that showed it").isTrue();
    }

    @Test
    void ignoresOtherUsersMessagesAndUnknownTables() {
        assertThat(home.matches(change("chat_room_join_request", Operation.INSERT, Map.of(), Map.of("user_id", 8)))).isFalse();
        assertThat(home.matches(change("chat_message", Operation.INSERT, Map.of(), Map.of("author_id", 7)))).isFalse();
        assertThat(home.matches(change("nostale_heartbeat", Operation.UPDATE, Map.of(), Map.of("id", 1)))).isFalse();
        assertThat(home.matches(change("chat_room_member", Operation.INSERT, Map.of(), Map.of("user_id", "7"))))
                .as("ids are numbers on the wire; anything else matches nobody").isFalse();
    }

    @Test
    void roomTitlesArePublic() {
        assertThat(home.matches(change("chat_room", Operation.UPDATE, Map.of("id", 1), Map.of("id", 1)))).isTrue();
    }

    @Test
    void unknownPagesHaveNoFilter() {
        assertThat(PageFilters.forPage("admin", 7)).isEmpty();
    }
}
