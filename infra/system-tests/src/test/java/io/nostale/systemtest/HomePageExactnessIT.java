package io.nostale.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.systemtest.Db.User;
import io.nostale.wire.Lsn;
import io.nostale.wire.Timepoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The guarantees (docs/guarantees.md) on the real product: renderer, relay and gateway processes, embedded PostgreSQL
 * and Kafka, changes
 * made with plain SQL the way outside tools make them.
 */
class HomePageExactnessIT {

    private final SystemUnderTest sut = SystemUnderTest.get();
    private final Db db = new Db(sut);

    @Test
    void deliversSqlChangesCommittedBetweenRenderAndConnect() throws Exception {
        User visitor = db.user("visitor");
        User owner = db.user("owner");
        long alpha = db.room("Alpha", owner);
        long request = db.request(alpha, visitor);
        RenderedHome page = login(visitor).home();
        assertThat(page.rows()).containsExactly(new RenderedHome.Row(alpha, "pending"));

        long beta = db.room("Beta", owner);
        long betaRequest = db.request(beta, visitor); // while the page travels to the browser
        db.admit(request);

        String admittedMember = "chat_room_member INSERT " + alpha + "/" + visitor.id(); // last, in commit order
        try (LiveClient client = subscribe(page)) {
            List<JsonNode> replay = client.changesThrough(c -> Changes.describe(c).equals(admittedMember));
            assertThat(Changes.describe(replay, "chat_room_join_request")).containsExactly(
                    "chat_room_join_request INSERT " + betaRequest + " pending",
                    "chat_room_join_request UPDATE " + request + " admitted");
            assertThat(Changes.describe(replay, "chat_room_member")).containsExactly(admittedMember);
        }
    }

    @Test
    void neverRedeliversChangesAlreadyInTheRenderedPage() throws Exception {
        User visitor = db.user("visitor");
        User owner = db.user("owner");
        long gamma = db.room("Gamma", owner);
        long delta = db.room("Delta", owner);
        db.admit(db.request(gamma, visitor));
        db.request(delta, visitor);
        RenderedHome page = login(visitor).home();
        assertThat(page.rows()).containsExactly(new RenderedHome.Row(delta, "pending"), new RenderedHome.Row(gamma, "joined"));

        try (LiveClient client = subscribe(page)) {
            // The leave commits after everything the page was rendered with, so all of that has been
            // considered (and must have been dropped) by the time the leave arrives.
            db.leave(gamma, visitor);
            String leave = "chat_room_member DELETE " + gamma + "/" + visitor.id();
            List<JsonNode> received = client.changesThrough(c -> Changes.describe(c).equals(leave));
            assertThat(Changes.describe(received, "chat_room_join_request")).isEmpty();
            assertThat(Changes.describe(received, "chat_room_member")).containsExactly(leave);
        }
    }

    /**
     * The visibility race (docs/timepoint.md), forced: a transaction writes its commit record, then waits for a
     * synchronous standby
     * that never answers, so it stays invisible to new snapshots while its commit precedes the LSN the renderer
     * reads. An LSN-only timepoint would skip it; the snapshot rule must deliver it.
     */
    @Test
    void deliversTransactionCommittedBeforeTheReadLsnButInvisibleToTheSnapshot() throws Exception {
        User visitor = db.user("visitor");
        User owner = db.user("owner");
        long epsilon = db.room("Epsilon", owner);
        RendererSession session = login(visitor);
        AtomicLong racingXid = new AtomicLong();
        CompletableFuture<Void> racer;
        db.update("ALTER SYSTEM SET synchronous_standby_names = 'nostale_standby_that_never_answers'");
        RenderedHome page;
        Lsn walAfterCommit;
        try {
            db.queryLong("SELECT 1 FROM (SELECT pg_reload_conf()) r");
            racer = CompletableFuture.runAsync(() -> insertRequestAndCommit(epsilon, visitor, racingXid));
            await().atMost(Duration.ofSeconds(20)).until(() -> racingXid.get() != 0 && waitingForStandby(racingXid.get()));
            // A backend waits for the standby only after flushing its commit record, so that record lies before
            // this position, and before the LSN the renderer reads next.
            walAfterCommit = Lsn.parse(db.queryText("SELECT pg_current_wal_lsn()::text"));
            page = session.home();
        } finally {
            db.update("ALTER SYSTEM RESET synchronous_standby_names");
            db.queryLong("SELECT 1 FROM (SELECT pg_reload_conf()) r");
        }
        racer.get();

        Timepoint timepoint = Timepoint.parse(page.timepoint());
        assertThat(page.shows(epsilon)).as("the racing request is not in the page").isFalse();
        assertThat(timepoint.includes(racingXid.get())).as("its transaction is invisible to the page's snapshot").isFalse();
        assertThat(timepoint.lsn().compareTo(walAfterCommit)).as("yet its commit record precedes the read LSN").isGreaterThanOrEqualTo(0);

        try (LiveClient client = subscribe(page)) {
            List<JsonNode> received = client.changesThrough(c -> "chat_room_join_request".equals(c.path("table").asString()));
            assertThat(received.get(received.size() - 1).path("xid").asLong()).isEqualTo(racingXid.get());
        }
    }

    private void insertRequestAndCommit(long roomId, User user, AtomicLong xid) {
        try (Connection connection = sut.connect()) {
            try (java.sql.Statement session = connection.createStatement()) {
                session.execute("SET synchronous_commit = on"); // the embedded server commits locally otherwise
            }
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO chat_room_join_request (room_id, user_id) VALUES (?, ?) RETURNING pg_current_xact_id()::text::bigint")) {
                statement.setLong(1, roomId);
                statement.setLong(2, user.id());
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    xid.set(rows.getLong(1));
                }
            }
            connection.commit(); // returns once the standby setting is reset
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean waitingForStandby(long xid) throws java.sql.SQLException {
        return db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep' AND backend_xid::text = ?",
                Long.toString(xid & 0xFFFFFFFFL)) == 1;
    }

    private RendererSession login(User user) throws Exception {
        return RendererSession.login(sut.rendererUrl(), user.username(), Db.PASSWORD);
    }

    private LiveClient subscribe(RenderedHome page) {
        return LiveClient.subscribe(page, sut.rendererUrl(), "");
    }
}
