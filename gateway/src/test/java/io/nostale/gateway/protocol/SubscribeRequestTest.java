package io.nostale.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nostale.wire.MalformedValueException;
import io.nostale.wire.StreamPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class SubscribeRequestTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void parsesFreshAndResumingSubscriptions() {
        SubscribeRequest fresh = SubscribeRequest.parse(json, "{\"type\":\"subscribe\",\"token\":\"t\",\"timepoint\":\"tp\"}");
        assertThat(fresh.resume()).isEmpty();
        SubscribeRequest resumed = SubscribeRequest.parse(json, "{\"type\":\"subscribe\",\"token\":\"t\",\"timepoint\":\"tp\","
                + "\"resume\":{\"stream\":\"s\",\"offset\":41,\"position\":\"0/10#0/20\"}}");
        assertThat(resumed.resume()).hasValueSatisfying(r -> {
            assertThat(r.offset()).isEqualTo(41);
            assertThat(r.position()).isEqualTo(StreamPosition.parse("0/10#0/20"));
            assertThat(r.proof()).isEmpty();
        });
        SubscribeRequest proven = SubscribeRequest.parse(json, "{\"type\":\"subscribe\",\"token\":\"t\",\"timepoint\":\"tp\","
                + "\"resume\":{\"stream\":\"s\",\"offset\":41,\"position\":\"0/10#0/20\",\"proof\":\"k.p\"}}");
        assertThat(proven.resume().orElseThrow().proof()).contains("k.p");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "{}", "not json", "{\"type\":\"hello\",\"token\":\"t\",\"timepoint\":\"tp\"}",
            "{\"type\":\"subscribe\",\"token\":1,\"timepoint\":\"tp\"}",
            "{\"type\":\"subscribe\",\"token\":\"t\",\"timepoint\":\"tp\",\"extra\":1}",
            "{\"type\":\"subscribe\",\"token\":\"t\",\"timepoint\":\"tp\",\"resume\":{\"stream\":\"s\",\"offset\":-2,\"position\":\"0/1#0/1\"}}",
            "{\"type\":\"subscribe\",\"token\":\"t\",\"timepoint\":\"tp\",\"resume\":{\"stream\":\"s\",\"offset\":1.5,\"position\":\"0/1#0/1\"}}",
            "{\"type\":\"subscribe\",\"token\":\"t\",\"timepoint\":\"tp\",\"resume\":{\"stream\":\"s\",\"offset\":1,\"position\":\"x\"}}",
            "{\"type\":\"subscribe\",\"token\":\"t\",\"timepoint\":\"tp\",\"resume\":{\"stream\":\"s\",\"offset\":1,\"position\":\"0/1#0/1\",\"proof\":7}}",
            "{\"type\":\"subscribe\",\"token\":\"t\",\"timepoint\":\"tp\",\"resume\":{\"stream\":\"s\",\"offset\":1,\"position\":\"0/1#0/1\",\"proof\":\"%s\"}}",
            "{\"type\":\"subscribe\",\"token\":\"t\",\"timepoint\":\"tp\",\"resume\":\"s\"}"})
    void refusesAnythingElse(String frame) {
        String tooLongProof = "p".repeat(65);
        assertThatThrownBy(() -> SubscribeRequest.parse(json, frame.replace("%s", tooLongProof)))
                .isInstanceOf(MalformedValueException.class);
    }
}
