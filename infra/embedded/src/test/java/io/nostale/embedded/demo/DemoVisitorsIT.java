package io.nostale.embedded.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.embedded.EmbeddedStack;
import io.nostale.embedded.demo.Action.Kind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * The visitors against the real embedded PostgreSQL, on the renderer's real schema and demo data: what they write
 * is what they say they write, every change is valid and plausible, none is made as alice, conflicts and a
 * database restart are survived, and closing stops them.
 */
class DemoVisitorsIT {

    private static final int STEPS = 400;
    /** The demo data (V1000__demo_data.sql): rows before any visitor. */
    private static final int DEMO_MESSAGES = 8, DEMO_REQUESTS = 6, DEMO_MEMBERS = 8, DEMO_PENDING = 4;

    private final EmbeddedStack stack = EmbeddedStack.shared();

    @Test
    void stepsMakeValidPlausibleChangesAndNeverActAsAlice() throws SQLException {
        DatabaseLogin login = DemoDatabases.fresh(stack, "demo_visitors_steps");
        Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
        Set<String> left = new HashSet<>();
        List<Action> applied = new ArrayList<>();
        try (VisitorSession session = new VisitorSession(login, "alice", new Random(2026), Duration.ZERO);
             Connection check = DemoDatabases.connect(login)) {
            for (int i = 0; i < STEPS; i++) {
                Step step = session.step();
                // a single writer: every change the picker proposes still applies when written
                assertThat(step).as("step %d", i).isInstanceOf(Step.Applied.class);
                Action action = ((Step.Applied) step).action();
                applied.add(action);
                kinds.merge(action.kind(), 1, Integer::sum);
                if (action instanceof Action.Leave leave) {
                    left.add(leave.roomId() + "/" + leave.userId());
                }
                if (action instanceof Action.Admit admit) {
                    assertAdmittedTogetherWithItsMember(check, admit);
                }
            }
        }
        assertThat(kinds.keySet()).as("kinds over %d steps: %s", STEPS, kinds).containsExactlyInAnyOrder(Kind.values());
        int admits = kinds.get(Kind.ADMIT), denies = kinds.get(Kind.DENY), requests = kinds.get(Kind.REQUEST);

        try (Connection c = DemoDatabases.connect(login)) {
            long alice = count(c, "SELECT id FROM app_user WHERE username = 'alice'");
            // what was written is exactly what the steps reported
            assertThat(count(c, "SELECT count(*) FROM chat_message")).isEqualTo(DEMO_MESSAGES + kinds.get(Kind.POST));
            assertThat(count(c, "SELECT count(*) FROM chat_room_join_request")).isEqualTo(DEMO_REQUESTS + requests);
            assertThat(count(c, "SELECT count(*) FROM chat_room_join_request WHERE status = 'admitted'"))
                    .isEqualTo(1 + admits);
            assertThat(count(c, "SELECT count(*) FROM chat_room_join_request WHERE status = 'denied'"))
                    .isEqualTo(1 + denies);
            assertThat(count(c, "SELECT count(*) FROM chat_room_join_request WHERE status = 'pending'"))
                    .isEqualTo(DEMO_PENDING + requests - admits - denies);
            assertThat(count(c, "SELECT count(*) FROM chat_room_member"))
                    .isEqualTo(DEMO_MEMBERS + admits - kinds.get(Kind.LEAVE));

            // never as alice: her messages, requests, her room and its waiting request are as the demo left them
            assertThat(count(c, "SELECT count(*) FROM chat_message WHERE author_id = " + alice)).isEqualTo(2);
            assertThat(count(c, "SELECT count(*) FROM chat_room_join_request WHERE user_id = " + alice)).isEqualTo(3);
            assertThat(strings(c, "SELECT title FROM chat_room WHERE owner_id = " + alice)).containsExactly("Book club");
            assertThat(strings(c, """
                    SELECT q.status FROM chat_room_join_request q JOIN chat_room r ON r.id = q.room_id
                     WHERE r.owner_id = %d AND q.id <= %d""".formatted(alice, DEMO_REQUESTS))).containsExactly("pending");
            assertThat(applied).noneMatch(a -> a.actorId() == alice);
            // ... but her home page moved: both of her waiting requests were decided
            assertThat(count(c, "SELECT count(*) FROM chat_room_join_request WHERE user_id = " + alice
                    + " AND status = 'pending'")).isZero();

            // the data model's invariants
            assertThat(strings(c, """
                    SELECT room_id || '/' || user_id FROM chat_room_join_request WHERE status = 'pending'
                     GROUP BY room_id, user_id HAVING count(*) > 1""")).isEmpty();
            // every admitted request has its member row, unless that member left the room later
            assertThat(strings(c, """
                    SELECT q.room_id || '/' || q.user_id FROM chat_room_join_request q
                     WHERE q.status = 'admitted' AND NOT EXISTS
                           (SELECT 1 FROM chat_room_member m WHERE m.room_id = q.room_id AND m.user_id = q.user_id)"""))
                    .isSubsetOf(left);
            assertThat(count(c, "SELECT count(*) FROM chat_room r WHERE NOT EXISTS (SELECT 1 FROM chat_room_member m"
                    + " WHERE m.room_id = r.id AND m.user_id = r.owner_id)")).as("owners stay members").isZero();
            assertThat(count(c, "SELECT count(DISTINCT title) FROM chat_room")).isEqualTo(5);

            // plausible: messages are lines of the room's topic or small talk; extra visitors took part
            for (String body : strings(c, "SELECT body FROM chat_message WHERE id > " + DEMO_MESSAGES)) {
                assertThat(Arrays.stream(Topic.values()).anyMatch(t -> t.lines().contains(body)))
                        .as(body).isTrue();
            }
            assertThat(strings(c, "SELECT username FROM app_user ORDER BY id"))
                    .containsExactly("alice", "bob", "carol", "dave", "erin", "frank");
            assertThat(count(c, """
                    SELECT count(*) FROM chat_message m JOIN app_user u ON u.id = m.author_id
                     WHERE u.username IN ('dave', 'erin', 'frank')""")).isPositive();
        }
    }

    @Test
    void readsTheWorldAsTheTablesHoldIt() throws SQLException {
        DatabaseLogin login = DemoDatabases.fresh(stack, "demo_visitors_read");
        try (Connection c = DemoDatabases.connect(login)) {
            c.setAutoCommit(false);
            DemoWrites.ensureVisitors(c);
            World world = DemoQueries.read(c, Duration.ZERO);
            assertThat(world.users()).extracting(World.User::username)
                    .containsExactly("alice", "bob", "carol", "dave", "erin", "frank");
            assertThat(world.rooms()).extracting(World.Room::title)
                    .containsExactly("Book club", "Climbing", "Jazz nights", "Garden swap", "Retro games");
            assertThat(world.members()).hasSize(DEMO_MEMBERS);
            assertThat(world.pending()).hasSize(DEMO_PENDING);
            long bookClub = world.rooms().get(0).id();
            assertThat(world.recentMessages(bookClub)).containsExactly("In! Halfway through already.",
                    "Next month: \"The Left Hand of Darkness\". Who is in?");
            assertThat(world.newcomers()).isEmpty();
            // the demo data was just written: with a minute to settle, every member is a newcomer
            assertThat(DemoQueries.read(c, Duration.ofMinutes(1)).newcomers()).isEqualTo(world.members());
        }
    }

    @Test
    void rechecksEachChangeWhenSomeoneElseGotThereFirst() throws SQLException {
        DatabaseLogin login = DemoDatabases.fresh(stack, "demo_visitors_recheck");
        try (Connection person = DemoDatabases.connect(login); Connection visitor = DemoDatabases.connect(login)) {
            visitor.setAutoCommit(false);
            DemoWrites.ensureVisitors(visitor);
            long bob = count(person, "SELECT id FROM app_user WHERE username = 'bob'");
            long dave = count(person, "SELECT id FROM app_user WHERE username = 'dave'");
            long alice = count(person, "SELECT id FROM app_user WHERE username = 'alice'");
            long climbing = count(person, "SELECT id FROM chat_room WHERE title = 'Climbing'");
            long jazz = count(person, "SELECT id FROM chat_room WHERE title = 'Jazz nights'");
            long request = count(person, "SELECT id FROM chat_room_join_request WHERE room_id = " + climbing
                    + " AND user_id = " + alice + " AND status = 'pending'");

            // psql denies alice's request first; bob's admit then changes nothing
            execute(person, "UPDATE chat_room_join_request SET status = 'denied', decided_at = now() WHERE id = " + request);
            assertThat(DemoWrites.apply(visitor, new Action.Admit(bob, request, climbing, alice))).isFalse();
            assertThat(count(person, "SELECT count(*) FROM chat_room_member WHERE room_id = " + climbing
                    + " AND user_id = " + alice)).isZero();
            assertThat(DemoWrites.apply(visitor, new Action.Deny(bob, request, climbing, alice))).isFalse();

            // someone renamed the room meanwhile: bob's rename of the old title does not clobber it
            execute(person, "UPDATE chat_room SET title = 'Wall nights' WHERE id = " + climbing);
            assertThat(DemoWrites.apply(visitor, new Action.Rename(bob, climbing, "Climbing", "Bouldering crew")))
                    .isFalse();
            assertThat(strings(person, "SELECT title FROM chat_room WHERE id = " + climbing)).containsExactly("Wall nights");

            // one pending request per (room, user): a second ask changes nothing and breaks no constraint
            assertThat(DemoWrites.apply(visitor, new Action.RequestToJoin(dave, jazz))).isTrue();
            assertThat(DemoWrites.apply(visitor, new Action.RequestToJoin(dave, jazz))).isFalse();
            // a member does not ask, an owner does not leave, a non-member does not post
            assertThat(DemoWrites.apply(visitor, new Action.RequestToJoin(bob, jazz))).isFalse();
            assertThat(DemoWrites.apply(visitor, new Action.Leave(bob, climbing))).isFalse();
            assertThat(DemoWrites.apply(visitor, new Action.Post(dave, climbing, "Hi all, glad to be here!"))).isFalse();
            assertThat(count(person, "SELECT count(*) FROM chat_room_join_request WHERE room_id = " + jazz
                    + " AND user_id = " + dave)).isEqualTo(1);
        }
    }

    @Test
    void aConflictSkipsTheChangeAndTheNextStepsGoOn() throws SQLException {
        DatabaseLogin login = DemoDatabases.fresh(stack, "demo_visitors_conflict");
        try (Connection admin = DemoDatabases.connect(login)) {
            // every new message now violates a constraint, as if a stricter schema had been deployed
            execute(admin, "ALTER TABLE chat_message ADD CONSTRAINT demo_it_no_posts CHECK (false) NOT VALID");
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        boolean appliedAfterConflict = false;
        try (VisitorSession session = new VisitorSession(login, "alice", new Random(99), Duration.ZERO)) {
            boolean conflictSeen = false;
            for (int i = 0; i < 60; i++) {
                Step step = session.step();
                outcomes.merge(step.getClass().getSimpleName(), 1, Integer::sum);
                if (step instanceof Step.Conflict conflict) {
                    assertThat(conflict.reason()).contains("23514").contains("demo_it_no_posts");
                    assertThat(conflict.description()).contains(" in '");
                    conflictSeen = true;
                } else if (conflictSeen && step instanceof Step.Applied) {
                    appliedAfterConflict = true;
                }
            }
        }
        assertThat(outcomes).containsKeys("Conflict", "Applied").doesNotContainKey("Unavailable");
        assertThat(appliedAfterConflict).as("the connection is usable after a rolled back conflict").isTrue();
        try (Connection c = DemoDatabases.connect(login)) {
            assertThat(count(c, "SELECT count(*) FROM chat_message")).isEqualTo(DEMO_MESSAGES);
        }
    }

    @Test
    void survivesARestartOfTheDatabaseAndStopsCleanlyWhenClosed() throws SQLException {
        DatabaseLogin login = DemoDatabases.fresh(stack, "demo_visitors_restart");
        DemoVisitors visitors = DemoVisitors.start(login, Pace.parse("20ms-60ms"), new Random(5));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> visitors.applied() >= 10);
            stack.restartPostgres();
            long beforeRecovery = visitors.applied();
            await().atMost(Duration.ofSeconds(60)).until(() -> visitors.applied() >= beforeRecovery + 10);
            assertThat(visitors.unavailable()).as("steps that met the restart").isPositive();
        } finally {
            visitors.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("demo-visitors") && t.isAlive()));
        try (Connection c = DemoDatabases.connect(login)) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    count(c, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'nostale-demo-visitors'"
                            + " AND datname = 'demo_visitors_restart'") == 0);
            long stopped = visitors.applied();
            assertThat(count(c, "SELECT count(*) FROM chat_room_join_request q WHERE q.status = 'admitted' AND"
                    + " q.decided_at IS NULL")).isZero();
            assertThat(strings(c, """
                    SELECT room_id || '/' || user_id FROM chat_room_join_request WHERE status = 'pending'
                     GROUP BY room_id, user_id HAVING count(*) > 1""")).isEmpty();
            assertThat(stopped).isGreaterThanOrEqualTo(20);
        }
    }

    /** Status and member row were written by the same transaction: the member row's xmin is the request's. */
    private static void assertAdmittedTogetherWithItsMember(Connection c, Action.Admit admit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT q.status, q.xmin::text, m.xmin::text FROM chat_room_join_request q
                  LEFT JOIN chat_room_member m ON m.room_id = q.room_id AND m.user_id = q.user_id
                 WHERE q.id = ?""")) {
            s.setLong(1, admit.requestId());
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("admitted");
                assertThat(rs.getString(3)).as("member row of %s", admit).isNotNull().isEqualTo(rs.getString(2));
            }
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
