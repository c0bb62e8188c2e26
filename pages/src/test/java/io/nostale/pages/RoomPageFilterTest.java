package io.nostale.pages;

import static io.nostale.pages.Changes.delete;
import static io.nostale.pages.Changes.insert;
import static io.nostale.pages.Changes.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.PageGrant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoomPageFilterTest {

    private static final long ME = 7;
    private static final long ROOM = 3;

    private final PageFilter visitor = Changes.filter("room:3", ME);
    private final PageFilter member = Changes.filter("room:3", ME, PageGrant.MEMBER);
    private final PageFilter owner = Changes.filter("room:3", ME, PageGrant.OWNER);

    private static ChangeEvent message(long room) {
        return insert("chat_message", Map.of("id", 1, "room_id", room, "author_id", 8, "body", "hi"));
    }

    private static ChangeEvent request(long user) {
        return insert("chat_room_join_request", Map.of("id", 9, "room_id", ROOM, "user_id", user, "status", "pending"));
    }

    private static ChangeEvent membership(long user) {
        return insert("chat_room_member", Map.of("room_id", ROOM, "user_id", user));
    }

    @Test
    void membersSeeMessagesAndMembersOfTheirRoomOnly() {
        assertThat(member.judge(message(ROOM))).isEqualTo(new Verdict.Show(message(ROOM)));
        assertThat(member.judge(membership(8))).isEqualTo(new Verdict.Show(membership(8)));
        assertThat(member.judge(message(4))).isEqualTo(Verdict.HIDE);
        assertThat(member.judge(request(8))).as("only the owner sees others' requests").isEqualTo(Verdict.HIDE);
        assertThat(member.needsResumeProof()).isTrue();
    }

    @Test
    void visitorsSeeTheRoomAndTheirOwnRequestOnly() {
        ChangeEvent rename = update("chat_room", Map.of("id", ROOM, "owner_id", 8), Map.of("id", ROOM, "owner_id", 8));
        assertThat(visitor.judge(rename)).isEqualTo(new Verdict.Show(rename));
        assertThat(visitor.judge(request(ME))).isEqualTo(new Verdict.Show(request(ME)));
        assertThat(visitor.judge(message(ROOM))).isEqualTo(Verdict.HIDE);
        assertThat(visitor.judge(membership(8))).isEqualTo(Verdict.HIDE);
        assertThat(visitor.judge(request(8))).isEqualTo(Verdict.HIDE);
    }

    @Test
    void ownersSeeEveryRequestToTheirRoom() {
        assertThat(owner.judge(request(8))).isEqualTo(new Verdict.Show(request(8)));
        assertThat(owner.judge(message(ROOM))).as("owning is not membership").isEqualTo(Verdict.HIDE);
    }

    @Test
    void beingAdmittedIsShownAndEndsTheVisitorsSubscription() {
        assertThat(visitor.judge(membership(ME))).isInstanceOfSatisfying(Verdict.ShowThenEnd.class,
                end -> assertThat(end.shown()).isEqualTo(membership(ME)));
    }

    @Test
    void leavingOrBeingMovedOutIsShownAndEndsTheMembersSubscription() {
        ChangeEvent left = delete("chat_room_member", Map.of("room_id", ROOM, "user_id", ME));
        ChangeEvent moved = update("chat_room_member", Map.of("room_id", ROOM, "user_id", ME), Map.of("room_id", 4, "user_id", ME));
        assertThat(member.judge(left)).isInstanceOf(Verdict.ShowThenEnd.class);
        assertThat(member.judge(moved)).isInstanceOf(Verdict.ShowThenEnd.class);
        ChangeEvent touched = update("chat_room_member", Map.of("room_id", ROOM, "user_id", ME), Map.of("room_id", ROOM, "user_id", ME));
        assertThat(member.judge(touched)).as("still a member").isEqualTo(new Verdict.Show(touched));
    }

    @Test
    void ownershipMovingToOrFromTheUserEndsTheSubscription() {
        ChangeEvent given = update("chat_room", Map.of("id", ROOM, "owner_id", 8), Map.of("id", ROOM, "owner_id", ME));
        ChangeEvent taken = update("chat_room", Map.of("id", ROOM, "owner_id", ME), Map.of("id", ROOM, "owner_id", 8));
        ChangeEvent deleted = delete("chat_room", Map.of("id", ROOM, "owner_id", ME));
        assertThat(visitor.judge(given)).isInstanceOf(Verdict.ShowThenEnd.class);
        assertThat(owner.judge(taken)).isInstanceOf(Verdict.ShowThenEnd.class);
        assertThat(owner.judge(deleted)).isInstanceOf(Verdict.ShowThenEnd.class);
        assertThat(visitor.judge(deleted)).as("a visitor's access does not change").isInstanceOf(Verdict.Show.class);
    }

    @Test
    void otherUsersComingAndGoingNeverChangesTheUsersAccess() {
        assertThat(member.judge(delete("chat_room_member", Map.of("room_id", ROOM, "user_id", 8)))).isInstanceOf(Verdict.Show.class);
        assertThat(visitor.judge(insert("chat_room_member", Map.of("room_id", 4, "user_id", ME)))).isEqualTo(Verdict.HIDE);
    }
}
