package io.nostale.systemtest;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reading change frames the way assertions need them. */
final class Changes {

    private Changes() {
    }

    /** {@code table op id/status} of each change of the given table, e.g. {@code "chat_room_join_request UPDATE 12 admitted"}. */
    static List<String> describe(List<JsonNode> changes, String table) {
        return changes.stream().filter(c -> table.equals(c.path("table").asString())).map(Changes::describe).toList();
    }

    static String describe(JsonNode change) {
        JsonNode row = "DELETE".equals(change.path("op").asString()) ? change.path("before") : change.path("after");
        String key = row.has("id") ? row.path("id").asString() : row.path("room_id").asString() + "/" + row.path("user_id").asString();
        String status = row.has("status") ? " " + row.path("status").asString() : "";
        return change.path("table").asString() + " " + change.path("op").asString() + " " + key + status;
    }
}
