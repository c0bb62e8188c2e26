package io.nostale.renderer.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nostale.renderer.HomeHtml;
import io.nostale.renderer.RendererITSupport;
import io.nostale.renderer.TestDatabases;
import io.nostale.wire.SigningKeys;
import io.nostale.wire.SubscriptionTokens;
import io.nostale.wire.Timepoint;
import io.nostale.wire.TokenCheck;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The heart of guarantee 1 (docs/guarantees.md): what a page embeds names exactly the snapshot its data was read at. */
class TimepointIT extends RendererITSupport {

    @Autowired
    private SnapshotReader snapshots;
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void homePageSnapshotExcludesATransactionOpenDuringTheRenderAndIncludesOneCommittedBefore() throws SQLException {
        User me = user("me");
        User owner = user("owner");
        long committedRoom = room("Committed before", owner);
        long openRoom = room("Open during render", owner);
        try (Connection committed = connect(); Connection open = connect()) {
            committed.setAutoCommit(false);
            long committedXid = requestAndXid(committed, committedRoom, me);
            committed.commit();
            open.setAutoCommit(false);
            long openXid = requestAndXid(open, openRoom, me); // stays uncommitted during the render

            HomeHtml page = new HomeHtml(signedIn(me).get("/").body());
            open.commit();

            Timepoint timepoint = Timepoint.parse(live(page).get("timepoint").asString());
            assertThat(timepoint.includes(committedXid)).isTrue();
            assertThat(timepoint.includes(openXid)).isFalse();
            assertThat(page.rows()).extracting(HomeHtml.Row::roomId).containsExactly(committedRoom);
            assertThat(timepoint.readAt()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
            assertThat(timepoint.lsn().value()).isPositive();
            assertThat(timepoint.heldSince()).as("no commit was held").isNull();
        }
    }

    /**
     * A commit waiting for a synchronous standby that never answers: in WAL (so on its way to the change topic) but
     * invisible. The timepoint names when that transaction began, which is where the gateway must start looking.
     */
    @Test
    void aCommitHeldByAnUnansweringSynchronousStandbyIsNamedInTheTimepoint() throws Exception {
        User me = user("me");
        long heldRoom = room("Held by the standby", user("owner"));
        try (Connection admin = connect(); Connection held = connect()) {
            ExecutorService committer = Executors.newSingleThreadExecutor();
            try {
                synchronousStandby(admin, "nostale_absent_standby");
                held.setAutoCommit(false);
                try (Statement sql = held.createStatement()) {
                    sql.execute("SET synchronous_commit = on"); // every other session commits locally meanwhile
                }
                long heldXid = requestAndXid(held, heldRoom, me);
                Instant began = instant(held, "SELECT now()");
                int pid = (int) Long.parseLong(text(held, "SELECT pg_backend_pid()"));
                Future<?> commit = committer.submit(() -> {
                    held.commit();
                    return null;
                });
                await().atMost(Duration.ofSeconds(20)).until(() -> "SyncRep".equals(
                        text(admin, "SELECT coalesce(wait_event, '') FROM pg_stat_activity WHERE pid = " + pid)));

                HomeHtml page = new HomeHtml(signedIn(me).get("/").body());

                Timepoint timepoint = Timepoint.parse(live(page).get("timepoint").asString());
                assertThat(timepoint.heldSince()).isEqualTo(began);
                assertThat(timepoint.includes(heldXid)).isFalse();
                assertThat(page.rows()).extracting(HomeHtml.Row::roomId).doesNotContain(heldRoom);
                synchronousStandby(admin, "");
                commit.get(20, TimeUnit.SECONDS);
            } finally {
                synchronousStandby(admin, "");
                committer.shutdownNow();
            }
        }
    }

    @Test
    void aRoleThatCannotSeeOtherSessionsWaitEventsIsRefused() throws SQLException {
        try (Connection admin = connect(); Statement sql = admin.createStatement()) {
            sql.execute("DROP ROLE IF EXISTS nostale_no_stats");
            sql.execute("CREATE ROLE nostale_no_stats LOGIN PASSWORD 'no-stats'");
            JdbcTemplate asRole = new JdbcTemplate(new DriverManagerDataSource(TestDatabases.url("renderer_it"),
                    "nostale_no_stats", "no-stats"));
            try {
                assertThatThrownBy(() -> HeldCommitVisibility.check(asRole)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("GRANT pg_read_all_stats TO \"nostale_no_stats\"");
                sql.execute("GRANT pg_read_all_stats TO nostale_no_stats");
                HeldCommitVisibility.check(asRole);
            } finally {
                sql.execute("DROP ROLE nostale_no_stats");
            }
        }
    }

    @Test
    void tokenVerifiesWithTheGatewaysCheckAndNamesTheSignedInUser() {
        User me = user("me");

        JsonNode live = live(new HomeHtml(signedIn(me).get("/").body()));

        TokenCheck check = new SubscriptionTokens(SigningKeys.parse(TOKEN_KEYS), Clock.systemUTC())
                .verify(live.get("token").asString());
        assertThat(check).isInstanceOfSatisfying(TokenCheck.Accepted.class, accepted -> {
            assertThat(accepted.claims().userId()).isEqualTo(me.id());
            assertThat(accepted.claims().page()).isEqualTo("home");
            assertThat(accepted.claims().timepoint()).hasToString(live.get("timepoint").asString());
            assertThat(accepted.claims().expiresAt()).isAfter(Instant.now().plus(Duration.ofHours(11)));
        });
        assertThat(live.get("userId").asLong()).isEqualTo(me.id());
        assertThat(live.get("page").asString()).isEqualTo("home");
        assertThat(live.get("gateway").asString()).isEqualTo("ws://localhost:" + GATEWAY_PORT + "/live");
        assertThat(new SubscriptionTokens(SigningKeys.parse("other:" + TOKEN_KEYS.substring(3)), Clock.systemUTC())
                .verify(live.get("token").asString())).isInstanceOf(TokenCheck.Rejected.class);
    }

    @Test
    void queriesAfterTheCaptureSeeItsSnapshotNotLaterCommits() throws SQLException {
        User me = user("me");
        long roomId = room("Counted", me);
        try (Connection other = connect()) {
            other.setAutoCommit(false);
            long[] lateXid = new long[1];
            long seen = snapshots.read(timepoint -> {
                try {
                    lateXid[0] = requestAndXid(other, roomId, me);
                    other.commit(); // committed after the capture, before the page's query
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                assertThat(timepoint.includes(lateXid[0])).isFalse();
                return jdbc.queryForObject("SELECT count(*) FROM chat_room_join_request WHERE room_id = ?",
                        Long.class, roomId);
            });
            assertThat(seen).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM chat_room_join_request WHERE room_id = ?",
                    Long.class, roomId)).isEqualTo(1);
        }
    }

    @Test
    void readsInOneRepeatableReadReadOnlyTransaction() {
        String[] settings = snapshots.read(timepoint -> new String[] {
                jdbc.queryForObject("SHOW transaction_isolation", String.class),
                jdbc.queryForObject("SHOW transaction_read_only", String.class),
                jdbc.queryForObject("SELECT pg_current_snapshot()::text", String.class)});

        assertThat(settings[0]).isEqualTo("repeatable read");
        assertThat(settings[1]).isEqualTo("on");
        assertThatThrownBy(() -> snapshots.read(timepoint ->
                jdbc.update("INSERT INTO chat_room (title, owner_id) VALUES ('x', 1)")))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("read-only transaction");
    }

    @Test
    void snapshotTextIsTheTimepointsSnapshot() {
        String[] captured = snapshots.read(timepoint -> new String[] {timepoint.snapshot().toString(),
                jdbc.queryForObject("SELECT pg_current_snapshot()::text", String.class)});

        assertThat(captured[0]).isEqualTo(captured[1]);
    }

    private JsonNode live(HomeHtml page) {
        return json.readTree(page.jsonBlock("nostale-live"));
    }

    /**
     * Names the synchronous standby that commits asking for it wait for, or none (which releases every waiter); the
     * embedded PostgreSQL commits locally unless a session asks, so only the test's held session waits. Returns once
     * a new session sees the setting (a reload is asynchronous).
     */
    private static void synchronousStandby(Connection admin, String name) throws SQLException {
        try (Statement sql = admin.createStatement()) {
            sql.execute(name.isEmpty() ? "ALTER SYSTEM RESET synchronous_standby_names"
                    : "ALTER SYSTEM SET synchronous_standby_names = '" + name + "'");
            sql.execute("SELECT pg_reload_conf()");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection fresh = connect()) {
                return name.equals(text(fresh, "SHOW synchronous_standby_names"));
            }
        });
    }

    private static String text(Connection connection, String query) throws SQLException {
        try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Instant instant(Connection connection, String query) throws SQLException {
        try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestDatabases.url("renderer_it"), TestDatabases.stack().username(),
                TestDatabases.stack().password());
    }

    /** Inserts a pending request in the connection's open transaction and returns that transaction's xid8. */
    private static long requestAndXid(Connection connection, long roomId, User user) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.executeUpdate("INSERT INTO chat_room_join_request (room_id, user_id) VALUES (" + roomId + ", "
                    + user.id() + ")");
            try (ResultSet rs = sql.executeQuery("SELECT pg_current_xact_id()::text")) {
                rs.next();
                return Long.parseLong(rs.getString(1));
            }
        }
    }
}
