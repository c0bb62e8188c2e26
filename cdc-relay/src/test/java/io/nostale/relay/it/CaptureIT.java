package io.nostale.relay.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Lsn;
import io.nostale.wire.Operation;
import io.nostale.wire.RecordKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** Changes made with plain SQL reach the change topic in the brief's format. */
class CaptureIT extends RunningRelay {

    @Test
    void insertUpdateDeleteMadeInSqlArriveAsChangeEvents() throws Exception {
        long owner = RelayHarness.user("capture-owner");
        String title = "Lobby " + UUID.randomUUID();
        long room;
        long[] xids = new long[3];
        long[][] commitWindows = new long[3][];
        try (Connection connection = RelayHarness.connect()) {
            connection.setAutoCommit(false);
            room = RelayHarness.insertRoom(connection, title, owner);
            xids[0] = RelayHarness.currentXid(connection);
            commitWindows[0] = commit(connection);
            try (PreparedStatement rename = connection.prepareStatement("UPDATE chat_room SET title = ? WHERE id = ?")) {
                rename.setString(1, title + " renamed");
                rename.setLong(2, room);
                rename.executeUpdate();
            }
            xids[1] = RelayHarness.currentXid(connection);
            commitWindows[1] = commit(connection);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM chat_room WHERE id = ?")) {
                delete.setLong(1, room);
                delete.executeUpdate();
            }
            xids[2] = RelayHarness.currentXid(connection);
            commitWindows[2] = commit(connection);
        }

        List<Relayed> records = tail.await(record -> record.isChangeOfRow("chat_room", room), 3);

        assertThat(records).extracting(record -> record.event().op())
                .containsExactly(Operation.INSERT, Operation.UPDATE, Operation.DELETE);
        for (int i = 0; i < 3; i++) {
            Relayed record = records.get(i);
            ChangeEvent event = record.event();
            assertThat(record.kind()).isEqualTo(RecordKind.CHANGE);
            assertThat(record.key()).isEqualTo("chat_room:" + room);
            assertThat(event.table()).isEqualTo("chat_room");
            assertThat(event.txId()).isEqualTo(xids[i]);
            assertThat(event.commitMillis()).isBetween(commitWindows[i][0] - 5, commitWindows[i][1] + 5);
            assertThat(record.timestamp()).isEqualTo(event.commitMillis());
            assertThat(event.changeLsn()).isEqualTo(event.streamPosition().changeLsn().toString());
            assertThat(Lsn.parse(event.changeLsn())).isEqualTo(event.streamPosition().changeLsn());
        }
        ChangeEvent insert = records.get(0).event();
        assertThat(insert.before()).isEmpty();
        assertThat(insert.after()).containsEntry("title", title).containsEntry("version", 1)
                .containsKeys("id", "owner_id", "created_at");
        assertThat(Relayed.asLong(insert.after().get("id"))).isEqualTo(room);
        assertThat(Relayed.asLong(insert.after().get("owner_id"))).isEqualTo(owner);
        assertThat(OffsetDateTime.parse((String) insert.after().get("created_at"))).isNotNull();

        ChangeEvent update = records.get(1).event();
        assertThat(update.before()).containsEntry("title", title).containsEntry("version", 1);
        assertThat(update.after()).containsEntry("title", title + " renamed").containsEntry("version", 2);

        ChangeEvent delete = records.get(2).event();
        assertThat(delete.before()).containsEntry("title", title + " renamed");
        assertThat(delete.after()).isEmpty();

        assertThat(records.get(1).position()).isGreaterThan(records.get(0).position());
        assertThat(records.get(2).position()).isGreaterThan(records.get(1).position());
        StreamInvariant.assertOrderedWithExactReplays(tail.records());
    }

    @Test
    void compositeKeysAndNullColumnsAreRelayed() throws Exception {
        long owner = RelayHarness.user("capture-member-owner");
        long member = RelayHarness.user("capture-member");
        long room;
        try (Connection connection = RelayHarness.connect()) {
            room = RelayHarness.insertRoom(connection, "Members " + UUID.randomUUID(), owner);
            try (PreparedStatement join = connection.prepareStatement(
                    "INSERT INTO chat_room_member (room_id, user_id) VALUES (?, ?)");
                 PreparedStatement request = connection.prepareStatement(
                         "INSERT INTO chat_room_join_request (room_id, user_id) VALUES (?, ?)")) {
                join.setLong(1, room);
                join.setLong(2, member);
                join.executeUpdate();
                request.setLong(1, room);
                request.setLong(2, member);
                request.executeUpdate();
            }
        }

        Relayed membership = tail.await(record -> record.isChangeOf("chat_room_member")
                && Long.valueOf(room).equals(Relayed.asLong(record.event().after().get("room_id"))), 1).get(0);
        Relayed joinRequest = tail.await(record -> record.isChangeOf("chat_room_join_request")
                && Long.valueOf(room).equals(Relayed.asLong(record.event().after().get("room_id"))), 1).get(0);

        assertThat(membership.key()).isEqualTo("chat_room_member:" + room + "," + member);
        assertThat(joinRequest.event().after()).containsEntry("status", "pending").containsEntry("decided_at", null);
    }

    @Test
    void heartbeatsAdvanceTheStreamAsChangesOfTheHeartbeatTable() {
        Relayed heartbeat = tail.await(record -> record.isChangeOf("nostale_heartbeat"), 1).get(0);

        assertThat(heartbeat.key()).isEqualTo("nostale_heartbeat:1");
        assertThat(heartbeat.event().isHeartbeat()).isTrue();
    }

    @Test
    void metricsAreExposedForPrometheus() throws Exception {
        tail.await(record -> record.change().isPresent(), 1);

        String metrics = RelayHarness.get(RelayHarness.port(relay), "/actuator/prometheus").body();

        assertThat(metrics).contains("nostale_relay_capture_lag_seconds_count", "nostale_relay_events_total",
                "nostale_relay_slot_retained_bytes", "nostale_relay_slot_behind_bytes");
        assertThat(RelayHarness.get(RelayHarness.port(relay), "/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void offsetsAreKeptInACompactedKafkaTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                RelayHarness.stack().kafkaBootstrapServers()))) {
            ConfigResource offsets = new ConfigResource(ConfigResource.Type.TOPIC, OffsetsTopic.TOPIC);
            Config config = admin.describeConfigs(List.of(offsets)).all().get().get(offsets);

            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
        assertThat(OffsetsTopic.commits()).isNotEmpty();
    }

    /** Commits and returns the wall-clock window around the commit, epoch milliseconds. */
    private static long[] commit(Connection connection) throws Exception {
        long before = System.currentTimeMillis();
        connection.commit();
        return new long[] {before, System.currentTimeMillis()};
    }
}
