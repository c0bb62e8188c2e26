package io.nostale.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.systemtest.Db.User;
import io.nostale.wire.Timepoint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The race the product exists for, stretched past the gateway's visibility window (30 s): a commit written to the
 * WAL but held invisible by a synchronous standby that does not answer, a page rendered while it is held, the commit
 * released later. The relay decodes the WAL, not visibility, so the change reached the topic when it was committed,
 * long before the page's read minus the window; the page must still receive it before {@code caught-up}
 * (docs/timepoint.md, "Held commits"). The hold lasts 40 s here; {@code -Dnostale.held-commit-seconds=300} holds it
 * 5 minutes (docs/guarantees.md).
 *
 * <p>It names a standby on the shared database for the length of the test (every session but the held one commits
 * locally: the embedded stack's {@code synchronous_commit} is {@code local}) and unnames it after.
 */
class HeldCommitIT {

    private static final Duration HOLD = Duration.ofSeconds(Long.getLong("nostale.held-commit-seconds", 40));
    private static final String ABSENT_STANDBY = "nostale_absent_standby";

    private final SystemUnderTest sut = SystemUnderTest.get();
    private final Db db = new Db(sut);

    @Test
    void aCommitHeldPastTheVisibilityWindowReachesAPageReadWhileItWasHeld() throws Exception {
        User owner = db.user("owner");
        User visitor = db.user("visitor");
        long room = db.room("Behind a silent standby", owner);
        ExecutorService committer = Executors.newSingleThreadExecutor();
        try (Connection admin = sut.connect(); Connection held = sut.connect()) {
            try {
                synchronousStandby(admin, ABSENT_STANDBY);
                held.setAutoCommit(false);
                execute(held, "SET synchronous_commit = on");
                long request = number(held, "INSERT INTO chat_room_join_request (room_id, user_id) VALUES ("
                        + room + ", " + visitor.id() + ") RETURNING id");
                long pid = number(held, "SELECT pg_backend_pid()");
                Future<?> commit = committer.submit(() -> {
                    held.commit();
                    return null;
                });
                await().atMost(Duration.ofSeconds(20)).until(() -> waitEvent(admin, pid).equals("SyncRep"));
                // the hold itself is what is under test: its length is the condition
                await().atMost(HOLD.plusSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> heldFor(admin, pid).compareTo(HOLD) >= 0);

                RenderedHome page = RendererSession.login(sut.rendererUrl(), visitor.username(), Db.PASSWORD).home();
                assertThat(page.rows()).as("the held request is invisible to the page's read")
                        .extracting(RenderedHome.Row::roomId).doesNotContain(room);
                Timepoint timepoint = Timepoint.parse(page.timepoint());
                assertThat(timepoint.heldSince()).as("the read saw the held commit").isNotNull();
                assertThat(Duration.between(timepoint.heldSince(), timepoint.readAt())).isGreaterThanOrEqualTo(HOLD);

                try (LiveClient live = LiveClient.subscribe(page, sut.rendererUrl(), "")) {
                    List<JsonNode> replayed = live.changesUntilCaughtUp();
                    assertThat(Changes.describe(replayed, "chat_room_join_request"))
                            .as("delivered in replay, before the page is live")
                            .contains("chat_room_join_request INSERT " + request + " pending");
                    synchronousStandby(admin, "");
                    commit.get(20, TimeUnit.SECONDS);
                }
                RenderedHome reloaded = RendererSession.login(sut.rendererUrl(), visitor.username(), Db.PASSWORD)
                        .home();
                assertThat(reloaded.rows()).as("released, the request is visible").extracting(RenderedHome.Row::roomId)
                        .contains(room);
            } finally {
                synchronousStandby(admin, "");
            }
        } finally {
            committer.shutdownNow();
        }
    }

    /**
     * Names the synchronous standby that commits asking for it wait for, or none (which releases every waiter). The
     * embedded PostgreSQL commits with {@code synchronous_commit = local}, so only the held session, which asks for
     * {@code on}, waits. Returns once a new session sees the setting (a reload is asynchronous).
     */
    private void synchronousStandby(Connection admin, String name) throws SQLException {
        execute(admin, name.isEmpty() ? "ALTER SYSTEM RESET synchronous_standby_names"
                : "ALTER SYSTEM SET synchronous_standby_names = '" + name + "'");
        execute(admin, "SELECT pg_reload_conf()");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> name.equals(db.queryText("SHOW synchronous_standby_names"))); // a new session each time
    }

    private static String waitEvent(Connection admin, long pid) throws SQLException {
        try (Statement sql = admin.createStatement();
                ResultSet rs = sql.executeQuery("SELECT coalesce(wait_event, '') FROM pg_stat_activity WHERE pid = "
                        + pid)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    private static Duration heldFor(Connection admin, long pid) throws SQLException {
        return Duration.ofMillis(number(admin, "SELECT coalesce((extract(epoch FROM clock_timestamp() - xact_start)"
                + " * 1000)::bigint, 0) FROM pg_stat_activity WHERE pid = " + pid));
    }

    private static long number(Connection connection, String query) throws SQLException {
        try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
