package io.nostale.load.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nostale.load.check.PageKind;
import io.nostale.wire.PageGrant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PageMixTest {

    @Test
    void theKindsAreInterleavedSoThatEveryStepHoldsAllOfThem() {
        PageMix mix = PageMix.parse("home:4,rooms:2,own-room:2,club-room:2");
        assertThat(mix.pagesPerUser()).isEqualTo(10);
        assertThat(mix.pattern()).containsExactly(PageMix.Slot.HOME, PageMix.Slot.ROOMS, PageMix.Slot.OWN_ROOM,
                PageMix.Slot.CLUB_ROOM, PageMix.Slot.HOME, PageMix.Slot.ROOMS, PageMix.Slot.OWN_ROOM,
                PageMix.Slot.CLUB_ROOM, PageMix.Slot.HOME, PageMix.Slot.HOME);
        assertThat(mix.toString()).isEqualTo("home:4,rooms:2,own-room:2,club-room:2");
    }

    @Test
    void aMixMustKeepAtLeastATenthOfThePagesAsUsers() {
        assertThatThrownBy(() -> PageMix.parse("home:11")).hasMessageContaining("1 to 10");
        assertThatThrownBy(() -> PageMix.parse("home:0")).hasMessageContaining("1 to 10");
        assertThatThrownBy(() -> PageMix.parse("home:2,tab:1")).hasMessageContaining("unknown page kind");
        assertThatThrownBy(() -> PageMix.parse("home:2,home:1")).hasMessageContaining("twice");
        assertThatThrownBy(() -> PageMix.parse("home")).hasMessageContaining("kind:count");
        assertThatThrownBy(() -> PageMix.parse("home:x")).hasMessageContaining("not a number");
    }

    @Test
    void thePlanGivesEachPageItsUserRoomAndGrants() {
        long[] users = {11, 12, 13};
        World world = new World(1, 2, 3, 4, users, new long[] {101, 102, 103}, new long[] {201, 202, 203},
                new long[] {301, 302, 303}, new long[] {401, 402});
        PagePlan plan = new PagePlan(world, PageMix.parse("home:1,own-room:1,club-room:1"));
        PagePlan.PageSpec home = plan.page(3);
        assertThat(home.user()).isEqualTo(1);
        assertThat(home.view().kind()).isEqualTo(PageKind.HOME);
        assertThat(home.view().userId()).isEqualTo(12);
        PagePlan.PageSpec own = plan.page(4);
        assertThat(own.view().pageName()).isEqualTo("room:102");
        assertThat(own.view().grants()).isEqualTo(Set.of(PageGrant.MEMBER, PageGrant.OWNER));
        PagePlan.PageSpec club = plan.page(5);
        assertThat(club.view().roomId()).isEqualTo(402); // user 1's club: 1 % 2
        assertThat(club.view().grants()).isEqualTo(Set.of(PageGrant.MEMBER));
        assertThat(plan.activeUsers(4)).isEqualTo(2);
        assertThat(PagePlan.usersFor(10, PageMix.parse("home:3"))).isEqualTo(4);
        assertThatThrownBy(() -> plan.page(9)).hasMessageContaining("only 3 seeded");
        assertThat(List.of(plan.page(0), plan.page(1), plan.page(2)).stream().map(p -> p.view().userId()))
                .containsOnly(11L);
    }
}
