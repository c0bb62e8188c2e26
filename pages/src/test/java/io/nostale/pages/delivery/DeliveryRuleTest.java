package io.nostale.pages.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.pages.PageFilter;
import io.nostale.pages.PageFilters;
import io.nostale.pages.delivery.ResyncReason;
import io.nostale.pages.record.LoggedRecord;
import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Lsn;
import io.nostale.wire.Operation;
import io.nostale.wire.PageGrant;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.StreamStart;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.Timepoint;
import io.nostale.wire.TruncateEvent;
import io.nostale.wire.XidSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link DeliveryRule#judge}: one page, one floor, one record in; one decision and the next floor out. */
class DeliveryRuleTest {

    private static final long ME = 7;
    private static final long ROOM = 3;
    private static final long EPOCH = 1L << 32;
    private static final Instant READ_AT = Instant.parse("2026-11-25T10:00:00Z");
    private static final Lsn READ_LSN = Lsn.parse("5/0");
    /** xmin 100, xmax 110, 105 in progress at the read. */
    private static final Timepoint PAGE = timepoint(XidSnapshot.of(100, 110, 105));

    private final PageFilter home = filter("home");

    // ---- duplicates -------------------------------------------------------------------------------------------

    @Test
    void skipsChangesAtOrBeforeTheFloorAndKeepsTheFloor() {
        StreamPosition floor = position(0x500, 0x510);
        // All three would be shown otherwise: invisible transaction, the user's own row.
        for (StreamPosition old : List.of(floor, position(0x500, 0x508), position(0x400, 0x600))) {
            assertThat(DeliveryRule.judge(PAGE, home, floor, myRequest(1, old, 120)))
                    .as("change at %s, floor %s", old, floor)
                    .isEqualTo(new Decision.Skip(Decision.Why.ALREADY_APPLIED, floor));
        }
        StreamPosition next = position(0x500, 0x518);
        assertThat(DeliveryRule.judge(PAGE, home, floor, myRequest(1, next, 120)))
                .as("the change just after the floor in the same transaction is new")
                .isInstanceOfSatisfying(Decision.Deliver.class, d -> assertThat(d.floor()).isEqualTo(next));
    }

    @Test
    void dropsEveryDuplicateARelayRestartReSends() {
        // The relay re-reads WAL after a restart: the same positions again, then new ones.
        StreamPosition first = position(0x100, 0x101);
        StreamPosition second = position(0x200, 0x201);
        StreamPosition third = position(0x300, 0x301);
        List<LoggedRecord> stream = List.of(myRequest(10, first, 120), myRequest(11, second, 121),
                myRequest(12, first, 120), myRequest(13, second, 121), myRequest(14, third, 122));
        List<Decision> decisions = run(PAGE, home, StreamPosition.BEGINNING, stream);
        assertThat(decisions).extracting(Decision::getClass).containsExactly(Decision.Deliver.class,
                Decision.Deliver.class, Decision.Skip.class, Decision.Skip.class, Decision.Deliver.class);
        assertThat(decisions).extracting(Decision::floor).containsExactly(first, second, second, second, third);
        assertThat(((Decision.Skip) decisions.get(2)).why()).isEqualTo(Decision.Why.ALREADY_APPLIED);
    }

    // ---- the snapshot -----------------------------------------------------------------------------------------

    @Test
    void skipsChangesVisibleInTheSnapshotAndMovesTheFloorPastThem() {
        StreamPosition at = position(0x600, 0x601);
        for (long visible : List.of(1L, 99L, 100L, 104L, 106L, 109L)) {
            assertThat(DeliveryRule.judge(PAGE, home, StreamPosition.BEGINNING, myRequest(1, at, visible)))
                    .as("xid %d committed before the read", visible)
                    .isEqualTo(new Decision.Skip(Decision.Why.IN_SNAPSHOT, at));
        }
        for (long invisible : List.of(105L, 110L, 111L, 5_000L)) {
            assertThat(DeliveryRule.judge(PAGE, home, StreamPosition.BEGINNING, myRequest(1, at, invisible)))
                    .as("xid %d was in progress or not yet started at the read", invisible)
                    .isEqualTo(new Decision.Deliver(myRequest(1, at, invisible).event(), invisible, at));
        }
    }

    @Test
    void widensTransactionIdsAcrossAnEpochBeforeJudgingVisibility() {
        // The read straddles the 2^32 boundary: xmin in epoch 0, xmax in epoch 1, epoch-1 xid 1 in progress.
        Timepoint straddling = timepoint(XidSnapshot.of(EPOCH - 3, EPOCH + 3, EPOCH + 1));
        StreamPosition at = position(0x700, 0x701);
        assertThat(DeliveryRule.judge(straddling, home, StreamPosition.BEGINNING, myRequest(1, at, 0xFFFF_FFFEL)))
                .as("epoch-0 xid 2^32-2 committed before the read")
                .isEqualTo(new Decision.Skip(Decision.Why.IN_SNAPSHOT, at));
        assertThat(DeliveryRule.judge(straddling, home, StreamPosition.BEGINNING, myRequest(1, at, 2)))
                .as("32-bit xid 2 is epoch-1 xid 2^32+2, committed before the read")
                .isEqualTo(new Decision.Skip(Decision.Why.IN_SNAPSHOT, at));
        assertThat(DeliveryRule.judge(straddling, home, StreamPosition.BEGINNING, myRequest(1, at, 1)))
                .as("32-bit xid 1 is epoch-1 xid 2^32+1, in progress at the read: not in the page")
                .isEqualTo(new Decision.Deliver(myRequest(1, at, 1).event(), EPOCH + 1, at));
        assertThat(DeliveryRule.judge(straddling, home, StreamPosition.BEGINNING, myRequest(1, at, 5)))
                .as("32-bit xid 5 is epoch-1 xid 2^32+5, after the read")
                .isEqualTo(new Decision.Deliver(myRequest(1, at, 5).event(), EPOCH + 5, at));

        // A read well into epoch 1 still recognizes a late epoch-0 xid as old, not as one 4 billion ahead.
        Timepoint epochOne = timepoint(XidSnapshot.of(EPOCH + 2, EPOCH + 10));
        assertThat(DeliveryRule.judge(epochOne, home, StreamPosition.BEGINNING, myRequest(1, at, 0xFFFF_FFFFL)))
                .isEqualTo(new Decision.Skip(Decision.Why.IN_SNAPSHOT, at));
        assertThat(DeliveryRule.judge(epochOne, home, StreamPosition.BEGINNING, myRequest(1, at, 10)))
                .isEqualTo(new Decision.Deliver(myRequest(1, at, 10).event(), EPOCH + 10, at));
    }

    // ---- the filter -------------------------------------------------------------------------------------------

    @Test
    void hiddenChangesAreSkippedAsNotForThePageAndStillMoveTheFloor() {
        StreamPosition at = position(0x800, 0x801);
        LoggedRecord.Change theirs = change(1, at, 200, "chat_room_join_request", Operation.INSERT, Map.of(),
                Map.of("id", 1, "room_id", ROOM, "user_id", ME + 1));
        LoggedRecord.Change message = change(2, at, 200, "chat_message", Operation.INSERT, Map.of(),
                Map.of("id", 1, "room_id", ROOM, "author_id", ME));
        assertThat(DeliveryRule.judge(PAGE, home, StreamPosition.BEGINNING, theirs))
                .isEqualTo(new Decision.Skip(Decision.Why.NOT_FOR_PAGE, at));
        assertThat(DeliveryRule.judge(PAGE, home, StreamPosition.BEGINNING, message))
                .isEqualTo(new Decision.Skip(Decision.Why.NOT_FOR_PAGE, at));
    }

    @Test
    void shownChangesAreDeliveredWithTheWidenedXidAndWhatThePageMaySee() {
        StreamPosition at = position(0x900, 0x901);
        LoggedRecord.Change mine = myRequest(1, at, 300);
        assertThat(DeliveryRule.judge(PAGE, home, StreamPosition.BEGINNING, mine))
                .isEqualTo(new Decision.Deliver(mine.event(), 300, at));

        // The directory sees another user's membership reduced to its room.
        LoggedRecord.Change theirMembership = change(2, at, 300, "chat_room_member", Operation.INSERT, Map.of(),
                Map.of("room_id", ROOM, "user_id", ME + 1));
        Decision directory = DeliveryRule.judge(PAGE, filter("rooms"), StreamPosition.BEGINNING, theirMembership);
        assertThat(directory).isInstanceOfSatisfying(Decision.Deliver.class, deliver -> {
            assertThat(deliver.shown().after()).isEqualTo(Map.of("room_id", ROOM));
            assertThat(deliver.shown().position()).isEqualTo(at.toString());
            assertThat(deliver.xid()).isEqualTo(300);
            assertThat(deliver.floor()).isEqualTo(at);
        });
    }

    @Test
    void aChangeThatAltersThePagesAccessIsDeliveredThenEndsTheSubscription() {
        StreamPosition at = position(0xA00, 0xA01);
        LoggedRecord.Change admitted = change(1, at, 400, "chat_room_member", Operation.INSERT, Map.of(),
                Map.of("room_id", ROOM, "user_id", ME));
        Decision decision = DeliveryRule.judge(PAGE, filter("room:" + ROOM), StreamPosition.BEGINNING, admitted);
        assertThat(decision).isInstanceOfSatisfying(Decision.DeliverThenEnd.class, end -> {
            assertThat(end.shown()).isEqualTo(admitted.event());
            assertThat(end.xid()).isEqualTo(400);
            assertThat(end.floor()).isEqualTo(at);
            assertThat(end.why()).contains("room " + ROOM).contains("visitor").contains("member");
        });
        // The same admission, already in the page's snapshot, ends nothing: the page was rendered with it.
        assertThat(DeliveryRule.judge(PAGE, filter("room:" + ROOM), StreamPosition.BEGINNING,
                change(1, at, 104, "chat_room_member", Operation.INSERT, Map.of(), Map.of("room_id", ROOM, "user_id", ME))))
                .isEqualTo(new Decision.Skip(Decision.Why.IN_SNAPSHOT, at));
    }

    @Test
    void theFloorAfterEachDecisionIsTheHighestPositionJudged() {
        StreamPosition p1 = position(0x1000, 0x1001);
        StreamPosition p2 = position(0x1100, 0x1101);
        StreamPosition p3 = position(0x1200, 0x1201);
        StreamPosition p4 = position(0x1300, 0x1301);
        List<LoggedRecord> stream = List.of(
                myRequest(1, p1, 101),                         // in the snapshot
                change(2, p2, 500, "chat_message", Operation.INSERT, Map.of(), Map.of("room_id", ROOM)), // hidden
                myRequest(3, p1, 101),                         // duplicate
                myRequest(4, p3, 501),                         // delivered
                new LoggedRecord.Undecodable(5, "garbage"),    // resync, floor untouched
                myRequest(6, p4, 502));                        // delivered
        List<Decision> decisions = run(PAGE, home, StreamPosition.BEGINNING, stream);
        assertThat(decisions).extracting(Decision::floor).containsExactly(p1, p2, p2, p3, p3, p4);
        assertThat(decisions.get(0)).isEqualTo(new Decision.Skip(Decision.Why.IN_SNAPSHOT, p1));
        assertThat(decisions.get(1)).isEqualTo(new Decision.Skip(Decision.Why.NOT_FOR_PAGE, p2));
        assertThat(decisions.get(2)).isEqualTo(new Decision.Skip(Decision.Why.ALREADY_APPLIED, p2));
        assertThat(decisions.get(3)).isInstanceOf(Decision.Deliver.class);
        assertThat(decisions.get(4)).isInstanceOfSatisfying(Decision.Resync.class,
                r -> assertThat(r.reason()).isEqualTo(ResyncReason.UNREADABLE_RECORD));
        assertThat(decisions.get(5)).isInstanceOf(Decision.Deliver.class);
    }

    // ---- stream-start -----------------------------------------------------------------------------------------

    @Test
    void resyncsWhenCaptureStartedAfterThePageWasReadByWalPosition() {
        // The clock says the slot is older than the read (a clock that lies, or skew); the LSN says otherwise.
        StreamPosition floor = position(0x100, 0x101);
        LoggedRecord.Start start = start(9, "5/1", READ_AT.toEpochMilli() - 3_600_000);
        assertThat(DeliveryRule.judge(PAGE, home, floor, start)).isInstanceOfSatisfying(Decision.Resync.class, resync -> {
            assertThat(resync.reason()).isEqualTo(ResyncReason.STREAM_RESET);
            assertThat(resync.floor()).isEqualTo(StreamPosition.BEGINNING);
            assertThat(resync.detail()).contains("5/1").contains(READ_LSN.toString());
        });
    }

    @Test
    void resyncsWhenCaptureStartedAfterThePageWasReadByTheDatabaseClock() {
        // A restored database: its LSNs lie below the page's, only its clock tells the slot is newer than the read.
        LoggedRecord.Start start = start(9, "1/0", READ_AT.toEpochMilli() + 1);
        assertThat(DeliveryRule.judge(PAGE, home, position(0x100, 0x101), start))
                .isInstanceOfSatisfying(Decision.Resync.class, resync -> {
                    assertThat(resync.reason()).isEqualTo(ResyncReason.STREAM_RESET);
                    assertThat(resync.floor()).isEqualTo(StreamPosition.BEGINNING);
                });
    }

    @Test
    void aCaptureStartedBeforeThePageWasReadStartsPositionsOver() {
        StreamPosition floor = position(0x5000, 0x5001);
        assertThat(DeliveryRule.judge(PAGE, home, floor, start(9, "4/0", READ_AT.toEpochMilli() - 1)))
                .isEqualTo(new Decision.NewCapture(StreamPosition.BEGINNING));
        assertThat(DeliveryRule.judge(PAGE, home, floor, start(9, READ_LSN.toString(), READ_AT.toEpochMilli() - 1)))
                .as("a slot starting exactly at the page's LSN captured everything the page has not seen")
                .isEqualTo(new Decision.NewCapture(StreamPosition.BEGINNING));

        // After the new capture, its first transaction (position 0/0#...) is new to the page, not a duplicate.
        List<Decision> decisions = run(PAGE, home, floor, List.of(start(9, "4/0", READ_AT.toEpochMilli() - 1),
                myRequest(10, position(0, 0x10), 600)));
        assertThat(decisions.get(1)).isInstanceOfSatisfying(Decision.Deliver.class,
                d -> assertThat(d.floor()).isEqualTo(position(0, 0x10)));
    }

    // ---- truncate ---------------------------------------------------------------------------------------------

    @Test
    void aTruncateOfATableThePageShowsCommittedAfterTheReadResyncsThePage() {
        StreamPosition at = position(0xB00, 0xB01);
        Decision decision = DeliveryRule.judge(PAGE, home, StreamPosition.BEGINNING,
                truncate(1, at, 105, "chat_room_join_request"));
        assertThat(decision).isInstanceOfSatisfying(Decision.Resync.class, resync -> {
            assertThat(resync.reason()).isEqualTo(ResyncReason.TRUNCATED);
            assertThat(resync.reason().wireName()).isEqualTo("truncated");
            assertThat(resync.detail()).contains("chat_room_join_request").contains(at.toString());
            assertThat(resync.floor()).isEqualTo(at);
        });
    }

    @Test
    void aTruncateThePagesSnapshotReflectsIsSkippedLikeAChange() {
        // History replay starts before the read: the page was rendered after this truncate, from the emptied table.
        StreamPosition at = position(0xB00, 0xB01);
        for (long visible : List.of(99L, 104L, 106L)) {
            assertThat(DeliveryRule.judge(PAGE, home, StreamPosition.BEGINNING, truncate(1, at, visible, "chat_room")))
                    .as("xid %d committed before the read", visible)
                    .isEqualTo(new Decision.Skip(Decision.Why.IN_SNAPSHOT, at));
        }
        Timepoint straddling = timepoint(XidSnapshot.of(EPOCH - 3, EPOCH + 3, EPOCH + 1));
        assertThat(DeliveryRule.judge(straddling, home, StreamPosition.BEGINNING, truncate(1, at, 2, "chat_room")))
                .as("32-bit xid 2 is epoch-1 xid 2^32+2, committed before the read")
                .isEqualTo(new Decision.Skip(Decision.Why.IN_SNAPSHOT, at));
        assertThat(DeliveryRule.judge(straddling, home, StreamPosition.BEGINNING, truncate(1, at, 1, "chat_room")))
                .as("32-bit xid 1 is epoch-1 xid 2^32+1, in progress at the read")
                .isInstanceOf(Decision.Resync.class);
    }

    @Test
    void aTruncateBeforeTheFloorIsAlreadyBehindThePage() {
        StreamPosition floor = position(0xB00, 0xB10);
        for (StreamPosition old : List.of(position(0xB00, 0xB08), position(0xA00, 0xC00))) {
            assertThat(DeliveryRule.judge(PAGE, home, floor, truncate(1, old, 120, "chat_room")))
                    .as("truncate at %s, floor %s", old, floor)
                    .isEqualTo(new Decision.Skip(Decision.Why.ALREADY_APPLIED, floor));
        }
    }

    @Test
    void aTruncateOfATableThePageDoesNotShowLeavesItAloneAndMovesTheFloor() {
        StreamPosition at = position(0xC00, 0xC01);
        for (String table : List.of("chat_message", ChangeEvent.HEARTBEAT_TABLE, "app_user")) {
            assertThat(DeliveryRule.judge(PAGE, home, StreamPosition.BEGINNING, truncate(1, at, 120, table)))
                    .as(table).isEqualTo(new Decision.Skip(Decision.Why.NOT_FOR_PAGE, at));
        }
        assertThat(DeliveryRule.judge(PAGE, filter("room:" + ROOM), StreamPosition.BEGINNING,
                truncate(1, at, 120, "chat_message")))
                .as("a visitor's room page shows no messages")
                .isEqualTo(new Decision.Skip(Decision.Why.NOT_FOR_PAGE, at));
    }

    @Test
    void whichPagesATruncateOfEachTableResyncs() {
        StreamPosition at = position(0xD00, 0xD01);
        Map<String, PageFilter> pages = new java.util.LinkedHashMap<>();
        pages.put("home", home);
        pages.put("rooms", filter("rooms"));
        pages.put("room member", filter("room:" + ROOM, PageGrant.MEMBER));
        pages.put("room owner", filter("room:" + ROOM, PageGrant.MEMBER, PageGrant.OWNER));
        pages.put("room visitor", filter("room:" + ROOM));
        pages.put("other room's member", filter("room:" + (ROOM + 1), PageGrant.MEMBER));
        Map<String, List<String>> resynced = new java.util.LinkedHashMap<>();
        for (String table : List.of("chat_room", "chat_room_member", "chat_room_join_request", "chat_message",
                ChangeEvent.HEARTBEAT_TABLE)) {
            List<String> which = new ArrayList<>();
            pages.forEach((name, page) -> {
                Decision decision = DeliveryRule.judge(PAGE, page, StreamPosition.BEGINNING, truncate(1, at, 120, table));
                if (decision instanceof Decision.Resync) {
                    which.add(name);
                }
            });
            resynced.put(table, which);
        }
        List<String> all = List.copyOf(pages.keySet());
        assertThat(resynced).containsExactly(
                Map.entry("chat_room", all),
                Map.entry("chat_room_member", all),
                Map.entry("chat_room_join_request", all),
                Map.entry("chat_message", List.of("room member", "room owner", "other room's member")),
                Map.entry(ChangeEvent.HEARTBEAT_TABLE, List.of()));
    }

    @Test
    void theTablesOfOneStatementShareItsPositionAndEachIsJudged() {
        // TRUNCATE nostale_heartbeat, chat_message, chat_room_join_request: three records, one position
        StreamPosition at = position(0xE00, 0xE01);
        List<LoggedRecord> statement = List.of(truncate(1, at, 130, ChangeEvent.HEARTBEAT_TABLE),
                truncate(2, at, 130, "chat_message"), truncate(3, at, 130, "chat_room_join_request"));

        List<Decision> home = run(PAGE, this.home, StreamPosition.BEGINNING, statement);
        assertThat(home.subList(0, 2)).containsExactly(new Decision.Skip(Decision.Why.NOT_FOR_PAGE, at),
                new Decision.Skip(Decision.Why.NOT_FOR_PAGE, at));
        assertThat(home.get(2)).as("the floor the first two moved to the statement's position is no duplicate mark")
                .isInstanceOfSatisfying(Decision.Resync.class,
                        r -> assertThat(r.reason()).isEqualTo(ResyncReason.TRUNCATED));

        List<Decision> member = run(PAGE, filter("room:" + ROOM, PageGrant.MEMBER), StreamPosition.BEGINNING, statement);
        assertThat(member.get(1)).isInstanceOfSatisfying(Decision.Resync.class,
                r -> assertThat(r.detail()).contains("chat_message"));

        // A page that resumes at the statement's position (its last frame was a heartbeat after the first record)
        assertThat(DeliveryRule.judge(PAGE, this.home, at, statement.get(2))).isInstanceOf(Decision.Resync.class);
        // and a page read after the statement skips all three
        Timepoint later = timepoint(XidSnapshot.of(200, 210));
        assertThat(run(later, this.home, StreamPosition.BEGINNING, statement)).containsOnly(
                new Decision.Skip(Decision.Why.IN_SNAPSHOT, at));
    }

    @Test
    void aTruncateReSentByARelayRestartIsJudgedTheSameAgain() {
        StreamPosition before = position(0xF00, 0xF01);
        StreamPosition at = position(0xF10, 0xF11);
        StreamPosition after = position(0xF20, 0xF21);
        List<LoggedRecord> stream = List.of(myRequest(1, before, 140), truncate(2, at, 141, "chat_message"),
                myRequest(3, after, 142), myRequest(4, before, 140), truncate(5, at, 141, "chat_message"),
                myRequest(6, after, 142));
        List<Decision> decisions = run(PAGE, home, StreamPosition.BEGINNING, stream);
        assertThat(decisions).extracting(Decision::getClass).containsExactly(Decision.Deliver.class, Decision.Skip.class,
                Decision.Deliver.class, Decision.Skip.class, Decision.Skip.class, Decision.Skip.class);
        assertThat(decisions).extracting(Decision::floor).containsExactly(before, at, after, after, after, after);
    }

    // ---- unreadable records -----------------------------------------------------------------------------------

    @Test
    void anUnreadableRecordResyncsWhateverThePage() {
        StreamPosition floor = position(0x100, 0x101);
        for (PageFilter page : List.of(home, filter("rooms"), filter("room:" + ROOM, PageGrant.MEMBER))) {
            assertThat(DeliveryRule.judge(PAGE, page, floor, new LoggedRecord.Undecodable(42, "not JSON")))
                    .isInstanceOfSatisfying(Decision.Resync.class, resync -> {
                        assertThat(resync.reason()).isEqualTo(ResyncReason.UNREADABLE_RECORD);
                        assertThat(resync.detail()).contains("42");
                        assertThat(resync.floor()).isEqualTo(floor);
                    });
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Judges {@code stream} in order, feeding each decision's floor into the next, as a subscription does. */
    private static List<Decision> run(Timepoint timepoint, PageFilter filter, StreamPosition floor,
            List<LoggedRecord> stream) {
        List<Decision> decisions = new ArrayList<>();
        StreamPosition current = floor;
        for (LoggedRecord record : stream) {
            Decision decision = DeliveryRule.judge(timepoint, filter, current, record);
            decisions.add(decision);
            current = decision.floor();
        }
        return decisions;
    }

    private static Timepoint timepoint(XidSnapshot snapshot) {
        return new Timepoint(READ_LSN, snapshot, READ_AT);
    }

    private static PageFilter filter(String page, PageGrant... grants) {
        return PageFilters.forPage(new SubscriptionClaims(ME, page, PAGE, READ_AT.plusSeconds(600), Set.of(grants)))
                .orElseThrow();
    }

    private static StreamPosition position(long txn, long change) {
        return new StreamPosition(new Lsn(txn), new Lsn(change));
    }

    /** A join request of the page's user: shown on the home page unless the snapshot or the floor has it. */
    private static LoggedRecord.Change myRequest(long offset, StreamPosition at, long xid32) {
        return change(offset, at, xid32, "chat_room_join_request", Operation.INSERT, Map.of(),
                Map.of("id", 1, "room_id", ROOM, "user_id", ME, "status", "pending"));
    }

    private static LoggedRecord.Change change(long offset, StreamPosition at, long xid32, String table, Operation op,
            Map<String, Object> before, Map<String, Object> after) {
        ChangeEvent event = new ChangeEvent(table, op, xid32, at.changeLsn().toString(), at.toString(), 0, before, after);
        return new LoggedRecord.Change(offset, event, at);
    }

    private static LoggedRecord.Truncate truncate(long offset, StreamPosition at, long xid32, String table) {
        return new LoggedRecord.Truncate(offset,
                new TruncateEvent(table, xid32, at.changeLsn().toString(), at.toString(), 0), at);
    }

    private static LoggedRecord.Start start(long offset, String startLsn, long startedMillis) {
        return new LoggedRecord.Start(offset, new StreamStart("nostale", "7300000000000000001", startLsn, startedMillis));
    }
}
