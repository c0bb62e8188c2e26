package io.nostale.systemtest.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.pages.record.LoggedRecord;
import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Operation;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.StreamStart;
import io.nostale.wire.TruncateEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link HistoryChecker#checkTruncates}: what it takes for a violation, so that its 0 in a run means something. */
class HistoryCheckerTest {

    /** Read with transactions below 100 committed, 100 in progress. */
    private static final String BEFORE = "0/1@100:101:100@2026-12-04T10:00:00Z";
    /** Read with 100 and 101 committed. */
    private static final String AFTER = "0/2@102:102:@2026-12-04T10:00:01Z";

    @Test
    void aRenderReadBeforeATruncateItShowsMustNotGoPastItWithoutBeingToldTruncated() {
        assertThat(violations(new Visit.Render(1, BEFORE, 49, null, null))).as("stopped short of it").isEmpty();
        assertThat(violations(new Visit.Render(1, BEFORE, 50, "slow-client", null))).as("went past it")
                .singleElement().asString().contains("went past a truncate");
        assertThat(violations(new Visit.Render(1, BEFORE, 80, "truncated",
                "table chat_room_join_request was truncated at position 0/5#0/6 (transaction 101)"))).isEmpty();
    }

    @Test
    void aLiveClaimIsAViolationOnlyWhenARecordOlderThanFreshnessHadNotReachedThePage() {
        long[] commits = {1_000, 2_000, 3_000}; // offsets 10, 11, 12
        long limit = 15_000 + HistoryChecker.FRESHNESS_SLACK_MS;
        assertThat(freshness(new HistoryChecker.LiveClaim("v", "s", 10, 2_000 + limit, 15_000), commits))
                .as("offset 11 exactly at the limit").isEmpty();
        assertThat(freshness(new HistoryChecker.LiveClaim("v", "s", 10, 2_001 + limit, 15_000), commits))
                .as("offset 11 past the limit").hasSize(1).first().asString().contains("after offset 10");
        assertThat(freshness(new HistoryChecker.LiveClaim("v", "s", 12, 1_000_000, 15_000), commits))
                .as("had everything the topic holds").isEmpty();
        assertThat(freshness(new HistoryChecker.LiveClaim("v", "other", 10, 1_000_000, 15_000), commits))
                .as("another stream").isEmpty();
    }

    @Test
    void reSentDuplicatesWithTheirOldCommitTimesDoNotMakeAPageStaleButANewRecordAfterThemDoes() {
        // offsets 10..15: new at 0/10, 0/20; the relay restarts and re-sends 0/10, 0/20 (old times); new 0/30; then
        // a stream-start (new slot) whose first change 0/5 is new although its position is lower
        List<TopicTimes.Entry> topic = List.of(
                change("0/10", 1_000), change("0/20", 2_000), change("0/10", 1_000), change("0/20", 2_000),
                change("0/30", 90_000), start(95_000),
                change("0/5", 96_000));
        long[] pending = TopicTimes.pendingMillis(topic);
        assertThat(TopicTimes.duplicates(topic)).isEqualTo(2);
        assertThat(pending).containsExactly(1_000, 2_000, 90_000, 90_000, 90_000, 95_000, 96_000);
        assertThat(freshnessOf(new HistoryChecker.LiveClaim("v", "s", 11, 80_000, 15_000), pending))
                .as("had 0/20; only duplicates were older than the limit").isEmpty();
        assertThat(freshnessOf(new HistoryChecker.LiveClaim("v", "s", 11, 110_000, 15_000), pending))
                .as("0/30 past the limit, behind the duplicates").hasSize(1).first().asString().contains("after offset 11");
        assertThat(TopicTimes.pendingMillis(List.of(truncate("0/40", 5_000), truncate("0/40", 5_000))))
                .as("the tables of one truncate share its position: both are new").containsExactly(5_000, 5_000);
    }

    private static TopicTimes.Entry change(String lsn, long millis) {
        String position = lsn + "#" + lsn;
        return new TopicTimes.Entry(new LoggedRecord.Change(0, new ChangeEvent("chat_message", Operation.INSERT, 1, lsn,
                position, millis, Map.of(), Map.of("id", 1L, "room_id", 1L)), StreamPosition.parse(position)), millis);
    }

    private static TopicTimes.Entry truncate(String lsn, long millis) {
        String position = lsn + "#" + lsn;
        return new TopicTimes.Entry(new LoggedRecord.Truncate(0, new TruncateEvent("chat_message", 1, lsn, position, millis),
                StreamPosition.parse(position)), millis);
    }

    private static TopicTimes.Entry start(long millis) {
        return new TopicTimes.Entry(new LoggedRecord.Start(0, new StreamStart("nostale", "1", "0/1", millis)), millis);
    }

    private static List<String> freshnessOf(HistoryChecker.LiveClaim claim, long[] pending) {
        HistoryChecker checker = new HistoryChecker();
        checker.claimedLive(claim);
        checker.checkFreshness("s", 10, pending);
        return checker.violations();
    }

    private static List<String> freshness(HistoryChecker.LiveClaim claim, long[] commits) {
        HistoryChecker checker = new HistoryChecker();
        checker.claimedLive(claim);
        checker.checkFreshness("s", 10, commits);
        return checker.violations();
    }

    @Test
    void aTruncatedResyncIsAViolationOnlyForARenderThatReflectsTheTruncatesOrForATableItDoesNotShow() {
        assertThat(violations(new Visit.Render(2, AFTER, 90, null, null))).isEmpty();
        assertThat(violations(new Visit.Render(2, AFTER, 90, "truncated", "table chat_room_join_request ...")))
                .singleElement().asString().contains("its snapshot reflects");
        assertThat(violations(new Visit.Render(1, BEFORE, 45, "truncated", "table chat_message was truncated ...")))
                .singleElement().asString().contains("does not show (chat_message)");
    }

    private static List<String> violations(Visit.Render render) {
        HistoryChecker checker = new HistoryChecker();
        checker.truncated(new HistoryChecker.Truncate("TRUNCATE chat_message", 100, Map.of("chat_message", 40L)));
        checker.truncated(new HistoryChecker.Truncate("TRUNCATE chat_message, chat_room_join_request", 101,
                Map.of("chat_message", 49L, "chat_room_join_request", 50L)));
        checker.checkTruncates("visit", List.of(render), () -> "");
        return checker.violations();
    }
}
