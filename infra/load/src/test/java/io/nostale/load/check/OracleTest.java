package io.nostale.load.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.load.check.WorkloadChange.MessagePosted;
import io.nostale.load.check.WorkloadChange.RequestUpdated;
import io.nostale.load.check.WorkloadChange.TitleChanged;
import io.nostale.wire.PageGrant;
import io.nostale.wire.Timepoint;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OracleTest {

    private static final long ME = 7;
    private static final long OTHER = 8;
    private static final PageView HOME = new PageView(PageKind.HOME, ME, 0, Set.of());
    private static final PageView ROOMS = new PageView(PageKind.ROOMS, ME, 0, Set.of());
    private static final PageView OWN_ROOM = new PageView(PageKind.ROOM, ME, 100, EnumSet.of(PageGrant.MEMBER, PageGrant.OWNER));
    private static final PageView CLUB = new PageView(PageKind.ROOM, ME, 200, Set.of(PageGrant.MEMBER));
    private static final PageView VISITOR = new PageView(PageKind.ROOM, ME, 300, Set.of());

    @Test
    void titlesArePublicOnHomeAndDirectoryAndReachARoomPageOfThatRoomOnly() {
        assertThat(Oracle.shows(HOME, new TitleChanged(999))).isTrue();
        assertThat(Oracle.shows(ROOMS, new TitleChanged(999))).isTrue();
        assertThat(Oracle.shows(CLUB, new TitleChanged(200))).isTrue();
        assertThat(Oracle.shows(VISITOR, new TitleChanged(300))).isTrue();
        assertThat(Oracle.shows(CLUB, new TitleChanged(999))).isFalse();
    }

    @Test
    void joinRequestsReachTheirUserAndTheRoomsOwner() {
        assertThat(Oracle.shows(HOME, new RequestUpdated(ME, 999))).isTrue();
        assertThat(Oracle.shows(ROOMS, new RequestUpdated(ME, 999))).isTrue();
        assertThat(Oracle.shows(HOME, new RequestUpdated(OTHER, 999))).isFalse();
        assertThat(Oracle.shows(ROOMS, new RequestUpdated(OTHER, 999))).isFalse();
        assertThat(Oracle.shows(OWN_ROOM, new RequestUpdated(OTHER, 100))).isTrue(); // the owner sees every request
        assertThat(Oracle.shows(CLUB, new RequestUpdated(OTHER, 200))).isFalse(); // a member only their own
        assertThat(Oracle.shows(VISITOR, new RequestUpdated(ME, 300))).isTrue();
        assertThat(Oracle.shows(OWN_ROOM, new RequestUpdated(ME, 999))).isFalse(); // another room's
    }

    @Test
    void messagesReachMembersOfTheirRoomOnly() {
        assertThat(Oracle.shows(OWN_ROOM, new MessagePosted(100))).isTrue();
        assertThat(Oracle.shows(CLUB, new MessagePosted(200))).isTrue();
        assertThat(Oracle.shows(VISITOR, new MessagePosted(300))).isFalse();
        assertThat(Oracle.shows(CLUB, new MessagePosted(100))).isFalse();
        assertThat(Oracle.shows(HOME, new MessagePosted(100))).isFalse();
        assertThat(Oracle.shows(ROOMS, new MessagePosted(100))).isFalse();
    }

    @Test
    void aTransactionVisibleInThePagesSnapshotIsNotExpected() {
        Timepoint seenAt = Timepoint.parse("0/1A2B3C4@755:759:756,757@2026-11-25T19:40:00.123Z");
        TitleChanged title = new TitleChanged(1);
        assertThat(Oracle.expects(HOME, seenAt, title, 754)).isFalse(); // below xmin: visible
        assertThat(Oracle.expects(HOME, seenAt, title, 755)).isFalse(); // committed before the snapshot
        assertThat(Oracle.expects(HOME, seenAt, title, 756)).isTrue(); // in progress then
        assertThat(Oracle.expects(HOME, seenAt, title, 759)).isTrue(); // at or above xmax
        assertThat(Oracle.expects(HOME, seenAt, new MessagePosted(1), 800)).isFalse(); // not shown at all
    }
}
