package io.nostale.pages;

import static io.nostale.pages.Changes.delete;
import static io.nostale.pages.Changes.insert;
import static io.nostale.pages.Changes.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Operation;
import io.nostale.wire.PageGrant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The routing invariant ({@link Interest}): routing only narrows, so whenever a page's filter lets a change through,
 * the page's interests and the change's {@link Audience} share a key. Were it broken, the gateway would silently
 * never hand that change to the page.
 */
class AudienceTest {

    private static final List<String> TABLES = List.of("chat_room", "chat_room_member", "chat_room_join_request",
            "chat_message", "nostale_heartbeat", "app_user");
    private static final int CHANGES = 20_000;
    /** Users and rooms 1..4: small, so that generated rows hit the pages' users and rooms often. */
    private static final int IDS = 4;

    @Test
    void everyChangeAFilterShowsIsRoutedToThatFiltersPage() {
        List<PageFilter> filters = everyFilter();
        Random random = new Random(20261203L);
        Map<String, Integer> shownByKind = new HashMap<>();
        Map<PageFilter, Set<String>> tablesShown = new HashMap<>();
        int shownThenEnd = 0;
        for (int i = 0; i < CHANGES; i++) {
            ChangeEvent change = randomChange(random);
            List<Interest> audience = Audience.of(change);
            for (PageFilter filter : filters) {
                Verdict verdict = filter.judge(change);
                if (verdict == Verdict.HIDE) {
                    continue;
                }
                shownByKind.merge(filter.getClass().getSimpleName() + " " + change.table(), 1, Integer::sum);
                tablesShown.computeIfAbsent(filter, f -> new java.util.TreeSet<>()).add(change.table());
                shownThenEnd += verdict instanceof Verdict.ShowThenEnd ? 1 : 0;
                if (Collections.disjoint(filter.interests(), audience)) {
                    fail("change #%d is shown by %s (interests %s) but routed only to %s: %s", i, filter,
                            filter.interests(), audience, change);
                }
            }
        }
        // The generator must reach every way a page shows a change, or the invariant was checked on nothing.
        assertThat(shownByKind).containsOnlyKeys(
                "HomePageFilter chat_room", "HomePageFilter chat_room_member", "HomePageFilter chat_room_join_request",
                "RoomsPageFilter chat_room", "RoomsPageFilter chat_room_member", "RoomsPageFilter chat_room_join_request",
                "RoomPageFilter chat_room", "RoomPageFilter chat_room_member", "RoomPageFilter chat_room_join_request",
                "RoomPageFilter chat_message");
        assertThat(shownByKind.values()).allSatisfy(count -> assertThat(count).isGreaterThan(100));
        assertThat(shownThenEnd).as("access changes generated").isGreaterThan(100);
        // The truncate rule's side of the same invariant (D22): a page reads exactly the tables whose changes it shows,
        // so a truncate of any of them resyncs it and a truncate of any other table leaves it alone.
        for (PageFilter filter : filters) {
            Set<String> reads = new java.util.TreeSet<>(TABLES.stream().filter(filter::reads).toList());
            assertThat(reads).as("tables %s reads", filter).isEqualTo(tablesShown.getOrDefault(filter, Set.of()));
        }
    }

    @Test
    void theTablesEachPageReads() {
        assertThat(TABLES.stream().filter(Changes.filter("home", 7)::reads))
                .containsExactly("chat_room", "chat_room_member", "chat_room_join_request");
        assertThat(TABLES.stream().filter(Changes.filter("rooms", 7)::reads))
                .containsExactly("chat_room", "chat_room_member", "chat_room_join_request");
        assertThat(TABLES.stream().filter(Changes.filter("room:3", 7, PageGrant.MEMBER)::reads))
                .containsExactly("chat_room", "chat_room_member", "chat_room_join_request", "chat_message");
        assertThat(TABLES.stream().filter(Changes.filter("room:3", 7)::reads))
                .as("a visitor is shown no messages")
                .containsExactly("chat_room", "chat_room_member", "chat_room_join_request");
        assertThat(TABLES.stream().filter(Changes.filter("room:3", 7, PageGrant.OWNER)::reads))
                .as("an owner who is no member either")
                .containsExactly("chat_room", "chat_room_member", "chat_room_join_request");
    }

    @Test
    void aRowMovedToAnotherUserOrRoomReachesThePagesOfBothSides() {
        ChangeEvent moved = update("chat_room_member", Map.of("room_id", 2, "user_id", 1),
                Map.of("room_id", 4, "user_id", 3));
        assertThat(Audience.of(moved)).containsExactly(Interest.ALL_MEMBERS, Interest.user(1), Interest.user(3),
                Interest.room(2), Interest.room(4));
        for (PageFilter page : List.of(Changes.filter("home", 1), Changes.filter("home", 3),
                Changes.filter("room:2", 9, PageGrant.MEMBER), Changes.filter("room:4", 9, PageGrant.MEMBER))) {
            assertThat(page.judge(moved)).as("%s", page).isNotEqualTo(Verdict.HIDE);
            assertThat(page.interests()).as("%s", page).containsAnyElementsOf(Audience.of(moved));
        }
        ChangeEvent requestMoved = update("chat_room_join_request", Map.of("id", 5, "room_id", 1, "user_id", 2),
                Map.of("id", 5, "room_id", 1, "user_id", 3));
        assertThat(Audience.of(requestMoved)).containsExactly(Interest.user(2), Interest.user(3), Interest.room(1));
    }

    @Test
    void theAudienceOfEachTable() {
        assertThat(Audience.of(insert("chat_room", Map.of("id", 5, "owner_id", 2, "title", "t"))))
                .containsExactly(Interest.ALL_ROOMS, Interest.room(5));
        assertThat(Audience.of(insert("chat_message", Map.of("id", 9, "room_id", 3, "author_id", 2))))
                .as("messages concern their room only, not their author").containsExactly(Interest.room(3));
        assertThat(Audience.of(delete("chat_room_join_request", Map.of("id", 9, "room_id", 3, "user_id", 2))))
                .containsExactly(Interest.user(2), Interest.room(3));
        assertThat(Audience.of(insert("chat_room_member", Map.of("room_id", 3, "user_id", 2))))
                .containsExactly(Interest.ALL_MEMBERS, Interest.user(2), Interest.room(3));
        assertThat(Audience.of(update("chat_room_member", Map.of("room_id", 3, "user_id", 2),
                Map.of("room_id", 3, "user_id", 2, "role", "admin"))))
                .as("one key per id, whichever image holds it").containsExactly(Interest.ALL_MEMBERS, Interest.user(2),
                        Interest.room(3));
        assertThat(Audience.of(insert(ChangeEvent.HEARTBEAT_TABLE, Map.of("id", 1, "room_id", 3)))).isEmpty();
        assertThat(Audience.of(insert("app_user", Map.of("id", 1, "user_id", 3)))).isEmpty();
        assertThat(Audience.of(insert("chat_room_join_request", Map.of("id", 1, "room_id", "3", "user_id", "2"))))
                .as("ids that are not numbers match no page, so they route nowhere").isEmpty();
    }

    @Test
    void theInterestsOfEachPage() {
        assertThat(Changes.filter("home", 7).interests()).containsExactlyInAnyOrder(Interest.user(7), Interest.ALL_ROOMS);
        assertThat(Changes.filter("rooms", 7).interests())
                .containsExactlyInAnyOrder(Interest.user(7), Interest.ALL_ROOMS, Interest.ALL_MEMBERS);
        assertThat(Changes.filter("room:3", 7, PageGrant.MEMBER, PageGrant.OWNER).interests())
                .containsExactly(Interest.room(3));
    }

    /** Home and rooms pages of every user, and room pages of every user, room and grant set. */
    private static List<PageFilter> everyFilter() {
        List<Set<PageGrant>> grantSets = List.of(Set.of(), Set.of(PageGrant.MEMBER), Set.of(PageGrant.OWNER),
                Set.of(PageGrant.MEMBER, PageGrant.OWNER));
        List<PageFilter> filters = new ArrayList<>();
        for (long user = 1; user <= IDS; user++) {
            filters.add(Changes.filter("home", user));
            filters.add(Changes.filter("rooms", user));
            for (long room = 1; room <= IDS; room++) {
                for (Set<PageGrant> grants : grantSets) {
                    filters.add(Changes.filter("room:" + room, user, grants.toArray(PageGrant[]::new)));
                }
            }
        }
        return filters;
    }

    private static ChangeEvent randomChange(Random random) {
        String table = TABLES.get(random.nextInt(TABLES.size()));
        Operation op = Operation.values()[random.nextInt(Operation.values().length)];
        Map<String, Object> before = op == Operation.INSERT ? Map.of() : row(random, table);
        Map<String, Object> after = switch (op) {
            case DELETE -> Map.of();
            case INSERT -> row(random, table);
            default -> random.nextInt(3) == 0 ? row(random, table) : moved(random, before);
        };
        return new ChangeEvent(table, op, 1 + random.nextInt(1_000), "0/1", "0/1#0/1", 0, before, after);
    }

    /** A row of {@code table} with ids from the small range, sometimes missing, sometimes not a number. */
    private static Map<String, Object> row(Random random, String table) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id(random));
        if ("chat_room".equals(table)) {
            row.put("owner_id", id(random));
            row.put("title", "room");
        } else {
            row.put("room_id", id(random));
            row.put("user_id", id(random));
            row.put("author_id", id(random));
        }
        row.values().removeIf(value -> value == null);
        return row;
    }

    /** The same row with some of its ids changed: moved to another user, room or owner by an outside tool. */
    private static Map<String, Object> moved(Random random, Map<String, Object> before) {
        Map<String, Object> after = new LinkedHashMap<>(before);
        for (String column : List.of("id", "room_id", "user_id", "owner_id")) {
            if (after.containsKey(column) && random.nextBoolean()) {
                Object id = id(random);
                if (id == null) {
                    after.remove(column);
                } else {
                    after.put(column, id);
                }
            }
        }
        return after;
    }

    /** Mostly an id 1..4 as JSON decoding gives it (Integer or Long); sometimes absent, a string or a fraction. */
    private static Object id(Random random) {
        int kind = random.nextInt(20);
        long id = 1 + random.nextInt(IDS);
        return switch (kind) {
            case 0 -> null;
            case 1 -> String.valueOf(id);
            case 2 -> "x";
            case 3 -> id + 0.0; // a Double, as a lenient decoder might give it
            case 4, 5, 6, 7, 8 -> id;
            default -> (int) id;
        };
    }
}
