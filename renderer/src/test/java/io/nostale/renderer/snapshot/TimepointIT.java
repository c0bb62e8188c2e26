package io.nostale.renderer.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
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
