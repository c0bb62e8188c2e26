package io.nostale.load.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.load.check.WorkloadChange.MessagePosted;
import io.nostale.load.check.WorkloadChange.RequestUpdated;
import io.nostale.load.check.WorkloadChange.TitleChanged;
import io.nostale.load.workload.CommitLog;
import io.nostale.wire.PageGrant;
import io.nostale.wire.Timepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhaseCheckTest {

    private static final Timepoint BEFORE = Timepoint.parse("0/100@1000:1000:@2026-11-25T19:40:00Z");
    /** Sees transactions below 1003 (1000, 1001, 1002), not the later ones. */
    private static final Timepoint MIDWAY = Timepoint.parse("0/200@1003:1003:@2026-11-25T19:40:01Z");
    private static final PageView HOME = new PageView(PageKind.HOME, 7, 0, Set.of());
    private static final PageView ROOM = new PageView(PageKind.ROOM, 7, 100, Set.of(PageGrant.MEMBER));

    private final CommitLog log = new CommitLog();
    private final List<String> examples = new ArrayList<>();

    private int commit(WorkloadChange change, long xid) {
        int id = log.allocate(change);
        log.committed(id, xid, System.nanoTime());
        return id;
    }

    /** Titles 0, 1 and a request of user 7 (2), a message in room 100 (3), another user's request (4), a failed one (5). */
    private PhaseCheck phase() {
        commit(new TitleChanged(1), 1000);
        commit(new TitleChanged(100), 1001);
        commit(new RequestUpdated(7, 50), 1002);
        commit(new MessagePosted(100), 1003);
        commit(new RequestUpdated(8, 50), 1004);
        log.failed(log.allocate(new TitleChanged(1)));
        return new PhaseCheck(log, 0, log.nextId());
    }

    private PageOutcome check(PhaseCheck check, PageView view, Received received) {
        return check.check(view, received, examples, "page");
    }

    private static Received received(Timepoint seenAt, int... ids) {
        Received received = new Received(seenAt);
        for (int id : ids) {
            received.change(id);
        }
        return received;
    }

    @Test
    void exactlyWhatTheOracleSaysIsClean() {
        PhaseCheck check = phase();
        PageOutcome home = check(check, HOME, received(BEFORE, 0, 1, 2));
        assertThat(home).isEqualTo(new PageOutcome(3, 3, 0, 0, 0, 0, 0, false));
        assertThat(home.clean()).isTrue();
        PageOutcome room = check(check, ROOM, received(BEFORE, 1, 3));
        assertThat(room.clean()).isTrue();
        assertThat(room.expected()).isEqualTo(2);
        assertThat(examples).isEmpty();
    }

    @Test
    void missedTwiceAndUnexpectedAreCounted() {
        PhaseCheck check = phase();
        PageOutcome outcome = check(check, HOME, received(BEFORE, 0, 0, 4, 5));
        assertThat(outcome.missed()).isEqualTo(2); // 1 and 2
        assertThat(outcome.twice()).isEqualTo(1); // 0 again
        assertThat(outcome.unexpected()).isEqualTo(2); // another user's request; a change that never committed
        assertThat(outcome.delivered()).isEqualTo(1);
        assertThat(examples).anyMatch(line -> line.contains("missed change ld-1"));
    }

    @Test
    void aChangeAlreadyInThePagesSnapshotMustNotArrive() {
        PhaseCheck check = phase();
        PageOutcome outcome = check(check, HOME, received(MIDWAY, 0));
        assertThat(outcome.expected()).isZero(); // 0, 1, 2 are in the snapshot; 3 is not for home; 4 not for user 7
        assertThat(outcome.unexpected()).isEqualTo(1);
    }

    @Test
    void afterAReloadTheNewSnapshotDecidesAndTheEarlierArrivalsOnlyMustHaveBeenDue() {
        PhaseCheck check = phase();
        Received received = received(BEFORE, 0);
        received.reloaded(MIDWAY); // 1 and 2 were never received, but the reload reads them
        received.change(3); // not for a home page
        PageOutcome outcome = check(check, HOME, received);
        assertThat(outcome.missed()).isZero();
        assertThat(outcome.unexpected()).isEqualTo(1);
        Received roomPage = received(BEFORE, 1);
        roomPage.reloaded(MIDWAY);
        assertThat(check(check, ROOM, roomPage).missed()).isEqualTo(1); // 3 is after the new snapshot and never came
    }

    @Test
    void onlineCountsAndTheFinalChangeAreReported() {
        PhaseCheck check = phase();
        Received received = received(BEFORE, 0, 1, 2);
        received.foreign();
        received.outOfOrder();
        received.late();
        PageOutcome outcome = check(check, HOME, received);
        assertThat(outcome).isEqualTo(new PageOutcome(3, 3, 0, 0, 1, 1, 1, false));
        received.fenced();
        assertThat(check(check, HOME, received).fenced()).isTrue();
    }

    @Test
    void reportsMergePerKind() {
        PhaseCheck check = phase();
        CheckReport report = check.check(List.of(new PhaseCheck.CheckedPage(HOME, received(BEFORE, 0, 1, 2), "a"),
                new PhaseCheck.CheckedPage(ROOM, received(BEFORE, 1), "b")));
        CheckReport other = check.check(List.of(new PhaseCheck.CheckedPage(HOME, received(BEFORE, 0, 1, 2), "c")));
        CheckReport merged = report.merge(other);
        assertThat(merged.byKind().get("home").pages()).isEqualTo(2);
        assertThat(merged.byKind().get("room").missed()).isEqualTo(1);
        assertThat(merged.total().pagesWithProblems()).isEqualTo(1);
        assertThat(merged.clean()).isFalse();
        assertThat(merged.summary()).startsWith("1 missed");
    }
}
