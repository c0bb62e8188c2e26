package io.nostale.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.gateway.protocol.Frames;
import io.nostale.pages.PageFilter;
import io.nostale.pages.PageFilters;
import io.nostale.pages.Verdict;
import io.nostale.pages.record.LoggedRecord;
import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Operation;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.Timepoint;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link FrameCache}: a change is serialized once per distinct content, however many pages it goes to. */
class FrameCacheTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String POSITION = "0/10#0/20";
    private static final ChangeEvent MEMBERSHIP = new ChangeEvent("chat_room_member", Operation.INSERT, 300, "0/20",
            POSITION, 1_764_100_000_000L, Map.of(), Map.of("room_id", 3, "user_id", 8));
    private static final LoggedRecord.Change RECORD = new LoggedRecord.Change(41, MEMBERSHIP,
            StreamPosition.parse(POSITION));

    private final FrameCache cache = new FrameCache(new Frames(JSON), RECORD, "stream-1");

    @Test
    void theSameShownChangeAndXidIsSerializedOnce() {
        byte[] first = cache.frame(MEMBERSHIP, 300);
        assertThat(cache.frame(MEMBERSHIP, 300)).isSameAs(first);
        // Another page's filter hands back an equal change, not the same instance: still one serialization.
        ChangeEvent equal = new ChangeEvent(MEMBERSHIP.table(), MEMBERSHIP.op(), MEMBERSHIP.txId(),
                MEMBERSHIP.changeLsn(), MEMBERSHIP.position(), MEMBERSHIP.commitMillis(), Map.of(),
                new HashMap<>(MEMBERSHIP.after()));
        assertThat(equal).isNotSameAs(MEMBERSHIP);
        assertThat(cache.frame(equal, 300)).isSameAs(first);
        // Pages whose filters show the whole change share it.
        ChangeEvent byHome = shownBy("home", 8);
        ChangeEvent byRooms = shownBy("rooms", 8);
        assertThat(cache.frame(byHome, 300)).isSameAs(first);
        assertThat(cache.frame(byRooms, 300)).isSameAs(first);

        JsonNode frame = JSON.readTree(first);
        assertThat(frame.path("type").asString()).isEqualTo("change");
        assertThat(frame.path("stream").asString()).isEqualTo("stream-1");
        assertThat(frame.path("offset").asLong()).isEqualTo(41);
        assertThat(frame.path("position").asString()).isEqualTo(POSITION);
        assertThat(frame.path("xid").asLong()).isEqualTo(300);
        assertThat(frame.path("table").asString()).isEqualTo("chat_room_member");
        assertThat(frame.path("op").asString()).isEqualTo("INSERT");
        assertThat(frame.path("after").path("user_id").asLong()).isEqualTo(8);
        assertThat(frame.path("commitMillis").asLong()).isEqualTo(1_764_100_000_000L);
    }

    @Test
    void aReducedViewGetsItsOwnFrameSerializedOnceToo() {
        byte[] whole = cache.frame(MEMBERSHIP, 300);
        ChangeEvent reduced = shownBy("rooms", 9); // another user's membership: room id only
        assertThat(reduced.after()).isEqualTo(Map.of("room_id", 3));

        byte[] anonymous = cache.frame(reduced, 300);
        assertThat(anonymous).isNotSameAs(whole);
        assertThat(JSON.readTree(anonymous).path("after").has("user_id")).as("the reduced frame names nobody").isFalse();
        assertThat(cache.frame(shownBy("rooms", 10), 300)).as("every other directory page shares it").isSameAs(anonymous);
        assertThat(cache.frame(MEMBERSHIP, 300)).isSameAs(whole);
    }

    @Test
    void anotherXidGetsItsOwnFrame() {
        byte[] epochZero = cache.frame(MEMBERSHIP, 300);
        byte[] epochOne = cache.frame(MEMBERSHIP, (1L << 32) + 300);
        assertThat(epochOne).isNotSameAs(epochZero);
        assertThat(JSON.readTree(epochOne).path("xid").asLong()).isEqualTo((1L << 32) + 300);
        assertThat(JSON.readTree(epochZero).path("xid").asLong()).isEqualTo(300);
        assertThat(cache.frame(MEMBERSHIP, (1L << 32) + 300)).isSameAs(epochOne);
    }

    /** What the page of {@code user} is shown of the membership, by its real filter. */
    private static ChangeEvent shownBy(String page, long user) {
        PageFilter filter = PageFilters.forPage(new SubscriptionClaims(user, page,
                Timepoint.parse("0/1@1:1:@2026-11-25T10:00:00Z"), Instant.parse("2026-11-26T10:00:00Z"))).orElseThrow();
        return ((Verdict.Show) filter.judge(MEMBERSHIP)).shown();
    }
}
