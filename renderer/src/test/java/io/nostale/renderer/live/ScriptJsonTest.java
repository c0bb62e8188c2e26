package io.nostale.renderer.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ScriptJsonTest {

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final ScriptJson json = new ScriptJson(mapper);

    @Test
    void closingScriptTagCannotAppearInOutput() {
        String out = json.write(Map.of("title", "</script><script>alert(1)</script>"));
        assertThat(out).doesNotContain("<").doesNotContain(">").doesNotContain("</script");
        assertThat(out).contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e");
    }

    @Test
    void commentOpenersAndAmpersandsAreEscaped() {
        assertThat(ScriptJson.escape("{\"a\":\"<!-- & -->\"}"))
                .isEqualTo("{\"a\":\"\\u003c!-- \\u0026 --\\u003e\"}");
    }

    @Test
    void lineSeparatorsAreEscaped() {
        assertThat(ScriptJson.escape("\"\u2028\u2029\"")).isEqualTo("\"\\u2028\\u2029\"");
    }

    @Test
    void escapedJsonReadsBackToTheSameValue() {
        Map<String, Object> value = Map.of("title", "a<b>&c</script>\u2028", "n", 42);
        assertThat(mapper.readValue(json.write(value), Map.class)).isEqualTo(value);
    }
}
