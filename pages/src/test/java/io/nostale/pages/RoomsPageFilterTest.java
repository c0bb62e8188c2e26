package io.nostale.pages;

import static io.nostale.pages.Changes.delete;
import static io.nostale.pages.Changes.insert;
import static io.nostale.pages.Changes.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.ChangeEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoomsPageFilterTest {

    private final PageFilter rooms = Changes.filter("rooms", 7);

    private ChangeEvent shown(ChangeEvent change) {
        return ((Verdict.Show) rooms.judge(change)).shown();
    }

    @Test
    void everyRoomAndTheUsersOwnRowsInFull() {
        ChangeEvent rename = update("chat_room", Map.of("id", 3, "title", "a"), Map.of("id", 3, "title", "b"));
        ChangeEvent request = insert("chat_room_join_request", Map.of("id", 5, "room_id", 3, "user_id", 7));
        ChangeEvent joined = insert("chat_room_member", Map.of("room_id", 3, "user_id", 7));
        assertThat(shown(rename)).isEqualTo(rename);
        assertThat(shown(request)).isEqualTo(request);
        assertThat(shown(joined)).isEqualTo(joined);
    }

    @Test
    void otherUsersMembershipsAreCountedNotNamed() {
        ChangeEvent joined = insert("chat_room_member", Map.of("room_id", 3, "user_id", 8, "joined_at", "x"));
        ChangeEvent left = delete("chat_room_member", Map.of("room_id", 3, "user_id", 8));

        assertThat(shown(joined).after()).isEqualTo(Map.of("room_id", 3));
        assertThat(shown(joined).op()).isEqualTo(joined.op());
        assertThat(shown(joined).position()).isEqualTo(joined.position());
        assertThat(shown(left).before()).isEqualTo(Map.of("room_id", 3));
        assertThat(shown(left).after()).isEmpty();
    }

    @Test
    void otherUsersRequestsAndAllMessagesStayHidden() {
        assertThat(rooms.judge(insert("chat_room_join_request", Map.of("room_id", 3, "user_id", 8)))).isEqualTo(Verdict.HIDE);
        assertThat(rooms.judge(insert("chat_message", Map.of("room_id", 3, "author_id", 7)))).isEqualTo(Verdict.HIDE);
        assertThat(rooms.needsResumeProof()).isFalse();
    }
}
