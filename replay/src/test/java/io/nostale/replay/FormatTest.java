package io.nostale.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FormatTest {

    private static final Line UPDATE = new Line(41, "change", 1_765_190_400_000L, "0/10#0/20", 755, "chat_room_join_request",
            "UPDATE", row("id", 5, "room_id", 3, "user_id", 7, "status", "pending"),
            row("id", 5, "room_id", 3, "user_id", 7, "status", "admitted"), "", "");

    @Test
    void aTableRowShowsTheRowsIdentityAndWhatChanged() {
        assertThat(Format.row(UPDATE)).isEqualTo("id=5: status pending → admitted");
        Line member = new Line(42, "change", 1, "0/10#0/30", 755, "chat_room_member", "INSERT", Map.of(),
                row("room_id", 3, "user_id", 7), "", "");
        assertThat(Format.row(member)).isEqualTo("room_id=3 user_id=7");
        Line title = new Line(43, "change", 1, "0/11#0/31", 756, "chat_room", "UPDATE", row("id", 3, "title", "a"),
                row("id", 3, "title", "b".repeat(100)), "", "");
        assertThat(Format.row(title)).as("long values cut, with their length").endsWith("b".repeat(60) + "…(100)");
    }

    @Test
    void tableColumnsLineUpWhateverTheirContent() {
        String plain = print(Format.TABLE, UPDATE);
        String judged = print(Format.TABLE, UPDATE.judged("in-snapshot", "xid 755 visible: the page was rendered with it"));
        assertThat(plain).startsWith("41       2025-12-08T10:40:00Z     755        chat_room_join_request   UPDATE   id=5:");
        assertThat(judged.indexOf("id=5:")).isEqualTo(plain.indexOf("id=5:") + 16);
        assertThat(judged).endsWith("id=5: status pending → admitted — xid 755 visible: the page was rendered with it");
    }

    @Test
    void jsonLinesCarryTheDocumentedFields() {
        JsonNode line = JsonMapper.builder().build().readTree(print(Format.JSON, UPDATE.judged("delivered", "why")));
        assertThat(line.propertyNames()).containsExactly("offset", "kind", "committed", "position", "txId", "table", "op",
                "before", "after", "verdict", "reason");
        assertThat(line.path("after").path("status").asString()).isEqualTo("admitted");
        assertThat(line.path("committed").asString()).isEqualTo("2025-12-08T10:40:00Z");
    }

    private static String print(Format format, Line line) {
        StringWriter text = new StringWriter();
        format.print(new PrintWriter(text), line);
        return text.toString().strip();
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }
}
