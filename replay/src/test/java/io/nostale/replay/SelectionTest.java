package io.nostale.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Operation;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SelectionTest {

    private static final ChangeEvent REQUEST = change("chat_room_join_request", Operation.UPDATE,
            Map.of("id", 5, "room_id", 3, "user_id", 7, "status", "pending"),
            Map.of("id", 5, "room_id", 3, "user_id", 7, "status", "admitted"));
    private static final ChangeEvent MESSAGE = change("chat_message", Operation.INSERT, Map.of(),
            Map.of("id", 9, "room_id", 4, "author_id", 8, "body", "hi"));
    private static final ChangeEvent ROOM = change("chat_room", Operation.DELETE,
            Map.of("id", 3, "title", "Lobby", "owner_id", 8), Map.of());
    private static final ChangeEvent HEARTBEAT = change("nostale_heartbeat", Operation.UPDATE, Map.of("id", 1),
            Map.of("id", 1));

    @Test
    void aUserSelectsTheRowsThatNameThemAsMemberRequesterAuthorOrOwner() {
        Selection seven = new Selection(7, 0, Set.of(), false);
        Selection eight = new Selection(8, 0, Set.of(), false);
        assertThat(seven.selects(REQUEST)).isTrue();
        assertThat(seven.selects(MESSAGE)).isFalse();
        assertThat(eight.selects(MESSAGE)).isTrue();
        assertThat(eight.selects(ROOM)).as("the owner of a deleted room, from its before-image").isTrue();
    }

    @Test
    void aRoomSelectsItsRowsAndItself() {
        Selection three = new Selection(0, 3, Set.of(), false);
        assertThat(three.selects(REQUEST)).isTrue();
        assertThat(three.selects(ROOM)).isTrue();
        assertThat(three.selects(MESSAGE)).isFalse();
    }

    @Test
    void everyCriterionMustHoldAndHeartbeatsOnlyWhenAsked() {
        assertThat(new Selection(7, 4, Set.of(), false).selects(REQUEST)).isFalse();
        assertThat(new Selection(0, 0, Set.of("chat_message"), false).selects(REQUEST)).isFalse();
        assertThat(new Selection(0, 0, Set.of("chat_message"), false).selects(MESSAGE)).isTrue();
        assertThat(new Selection(0, 0, Set.of(), false).selects(HEARTBEAT)).isFalse();
        assertThat(new Selection(0, 0, Set.of(), true).selects(HEARTBEAT)).isTrue();
    }

    private static ChangeEvent change(String table, Operation op, Map<String, Object> before, Map<String, Object> after) {
        return new ChangeEvent(table, op, 1, "0/10", "0/10#0/10", 1, before, after);
    }
}
