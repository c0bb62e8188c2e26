package io.nostale.relay.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoredOffsetsTest {

    @Test
    void readsTheEngineNameOfAKafkaConnectOffsetKey() {
        assertThat(StoredOffsets.engineNameOf(bytes("[\"nostale-relay.7312345678901234567.nostale\",{\"server\":\"nostale\"}]")))
                .contains("nostale-relay.7312345678901234567.nostale");
    }

    @Test
    void ignoresKeysOfAnyOtherShape() {
        assertThat(StoredOffsets.engineNameOf(bytes("not json"))).isEmpty();
        assertThat(StoredOffsets.engineNameOf(bytes("{\"name\":\"nostale-relay\"}"))).isEmpty();
        assertThat(StoredOffsets.engineNameOf(bytes("[\"nostale-relay\"]"))).isEmpty();
        assertThat(StoredOffsets.engineNameOf(bytes("[42,{\"server\":\"nostale\"}]"))).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
