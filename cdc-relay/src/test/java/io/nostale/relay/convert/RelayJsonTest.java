package io.nostale.relay.convert;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Operation;
import io.nostale.wire.StreamStart;
import io.nostale.wire.TruncateEvent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RelayJsonTest {

    private final RelayJson json = new RelayJson();
    private final JsonMapper reader = JsonMapper.builder().build();

    @Test
    void changeEventHasExactlyTheRecordComponentsAsFields() {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("id", 12L);
        before.put("status", "pending");
        before.put("decided_at", null);
        before.put("created_at", "2025-11-25T19:40:00.123456Z");
        Map<String, Object> after = new LinkedHashMap<>(before);
        after.put("status", "admitted");
        ChangeEvent event = new ChangeEvent("chat_room_join_request", Operation.UPDATE, 755, "0/16CB060",
                "0/16CA000#0/16CB060", 1764099600123L, before, after);

        JsonNode node = reader.readTree(new String(json.write(event), StandardCharsets.UTF_8));

        assertThat(node.propertyNames()).containsExactlyInAnyOrder(
                "table", "op", "txId", "changeLsn", "position", "commitMillis", "before", "after");
        assertThat(node.get("op").asString()).isEqualTo("UPDATE");
        assertThat(node.get("txId").isIntegralNumber()).isTrue();
        assertThat(node.get("before").get("id").isIntegralNumber()).isTrue();
        assertThat(node.get("before").get("decided_at").isNull()).isTrue();
        assertThat(node.get("after").get("created_at").asString()).isEqualTo("2025-11-25T19:40:00.123456Z");
        ChangeEvent read = reader.readValue(json.write(event), ChangeEvent.class);
        assertThat(read.position()).isEqualTo(event.position());
        assertThat(read.after()).containsEntry("status", "admitted");
    }

    @Test
    void insertHasEmptyBeforeObject() {
        ChangeEvent event = new ChangeEvent("chat_room", Operation.INSERT, 1, "0/1", "0/0#0/1", 1, Map.of(),
                Map.of("id", 1L));

        JsonNode node = reader.readTree(json.write(event));

        assertThat(node.get("before").isObject()).isTrue();
        assertThat(node.get("before").size()).isZero();
    }

    @Test
    void truncateHasExactlyTheRecordComponentsAsFields() {
        TruncateEvent event = new TruncateEvent("chat_message", 755, "0/16CB060", "0/16CA000#0/16CB060", 1764099600123L);

        JsonNode node = reader.readTree(json.write(new OutgoingTruncate(event)));

        assertThat(node.propertyNames())
                .containsExactlyInAnyOrder("table", "txId", "changeLsn", "position", "commitMillis");
        assertThat(node.get("table").asString()).isEqualTo("chat_message");
        assertThat(node.get("txId").isIntegralNumber()).isTrue();
        assertThat(reader.readValue(json.write(event), TruncateEvent.class)).isEqualTo(event);
    }

    @Test
    void streamStartHasItsRecordComponents() {
        JsonNode node = reader.readTree(json.write(new StreamStart("nostale", "7312345678901234567", "0/1A2B3C4", 5L)));

        assertThat(node.propertyNames()).containsExactlyInAnyOrder("slot", "systemId", "startLsn", "startedMillis");
    }
}
