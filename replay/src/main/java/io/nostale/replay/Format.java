package io.nostale.replay;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * How lines are printed: an aligned table for people (fixed column widths, so that {@code --follow} can print each
 * line as it comes), or JSON lines for programs, one object per line with the field names of {@code docs/replay.md}.
 */
enum Format {
    TABLE, JSON;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final int MAX_VALUE_CHARS = 60;

    void header(PrintWriter out, boolean verdicts) {
        if (this == TABLE) {
            out.println(String.format("%-8s %-24s %-10s %-24s %-8s", "OFFSET", "COMMITTED (UTC)", "XID", "TABLE", "OP")
                    + (verdicts ? String.format(" %-15s", "VERDICT") + " ROW — REASON" : " ROW"));
        }
    }

    void print(PrintWriter out, Line line) {
        if (this == JSON) {
            out.println(MAPPER.writeValueAsString(json(line)));
        } else {
            out.println(table(line));
        }
        out.flush();
    }

    private static Map<String, Object> json(Line line) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("offset", line.offset());
        fields.put("kind", line.kind());
        fields.put("committed", Instant.ofEpochMilli(line.commitMillis()).toString());
        if (!line.position().isEmpty()) {
            fields.put("position", line.position());
            fields.put("txId", line.txId());
            fields.put("table", line.table());
            fields.put("op", line.op());
        }
        if (line.kind().equals("change")) {
            fields.put("before", line.before());
            fields.put("after", line.after());
        }
        if (!line.verdict().isEmpty()) {
            fields.put("verdict", line.verdict());
        }
        if (!line.reason().isEmpty()) {
            fields.put("reason", line.reason());
        }
        return fields;
    }

    private static String table(Line line) {
        boolean verdicts = !line.verdict().isEmpty();
        String head = String.format("%-8d %-24s %-10s %-24s %-8s", line.offset(), Instant.ofEpochMilli(line.commitMillis()),
                line.position().isEmpty() ? "" : Long.toString(line.txId()), line.table(), line.op());
        String row = switch (line.kind()) {
            case "change" -> row(line);
            case "truncate" -> "every row";
            default -> line.reason();
        };
        return verdicts ? head + String.format(" %-15s", line.verdict()) + " " + row + " — " + line.reason() : head + " " + row;
    }

    /** The row's identity and what changed: all columns of an insert or a delete, the changed ones of an update. */
    static String row(Line line) {
        return switch (line.op()) {
            case "INSERT" -> columns(line.after());
            case "DELETE" -> columns(line.before());
            default -> key(line.after()) + " " + line.after().entrySet().stream()
                    .filter(e -> !Objects.equals(e.getValue(), line.before().get(e.getKey())))
                    .map(e -> e.getKey() + " " + value(line.before().get(e.getKey())) + " → " + value(e.getValue()))
                    .collect(Collectors.joining(", "));
        };
    }

    private static String key(Map<String, Object> row) {
        if (row.containsKey("id")) {
            return "id=" + row.get("id") + ":";
        }
        return "room_id=" + row.get("room_id") + " user_id=" + row.get("user_id") + ":";
    }

    private static String columns(Map<String, Object> row) {
        return row.entrySet().stream().map(e -> e.getKey() + "=" + value(e.getValue())).collect(Collectors.joining(" "));
    }

    private static String value(Object value) {
        String text = String.valueOf(value);
        return text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS) + "…(" + text.length() + ")" : text;
    }
}
