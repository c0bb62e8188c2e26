package io.nostale.systemtest.history;

import io.nostale.wire.StreamPosition;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * guarantee 2 of docs/guarantees.md for one page model (one render, across all its reconnects): every change applied
 * has a position after
 * the last one applied (so none twice: a relay's re-sent duplicate carries the same position under a new offset),
 * and no row version from the stream is at or below one the page already showed. Versions learned through
 * GET /api/rooms/{id} are not counted: that read is later than the stream and the model keeps the higher anyway.
 */
final class PageTrack {

    private final Map<String, String> appliedByPosition = new HashMap<>();
    private final Map<Long, Long> roomVersions = new HashMap<>();
    private final Map<Long, String> roomFrames = new HashMap<>();
    private final Map<Long, Long> requestVersions = new HashMap<>();
    private final Map<Long, String> requestFrames = new HashMap<>();
    private StreamPosition last = null;
    private String lastText = "";

    PageTrack(HomePageModel rendered, Iterable<Long> renderedRooms) {
        for (long room : renderedRooms) {
            HomePageModel.Title title = rendered.title(room);
            if (title != null) {
                roomVersions.put(room, title.version());
                roomFrames.put(room, "(rendered) " + title);
            }
        }
    }

    /** The rule this change breaks before it is applied, if any (with the frames that show it). */
    Optional<String[]> check(JsonNode change, String text) {
        String position = change.path("position").asString();
        String earlier = appliedByPosition.get(position);
        if (earlier != null) {
            return Optional.of(new String[] {"nothing twice: a change position applied twice on one page",
                    "first:  " + earlier + "\nagain:  " + text});
        }
        StreamPosition current = StreamPosition.parse(position);
        if (last != null && !current.isAfter(last)) {
            return Optional.of(new String[] {"nothing backwards: change position not after the last one applied",
                    "last:   " + lastText + "\nthen:   " + text});
        }
        JsonNode after = change.path("after");
        if ("DELETE".equals(change.path("op").asString()) || !after.has("version")) {
            return Optional.empty();
        }
        long version = after.path("version").asLong();
        long id = after.path("id").asLong();
        return switch (change.path("table").asString()) {
            case "chat_room" -> older(roomVersions, roomFrames, id, version, "room title", text);
            case "chat_room_join_request" -> older(requestVersions, requestFrames, id, version, "join request", text);
            default -> Optional.empty();
        };
    }

    void applied(JsonNode change, String text) {
        String position = change.path("position").asString();
        appliedByPosition.put(position, text);
        last = StreamPosition.parse(position);
        lastText = text;
        JsonNode after = change.path("after");
        if (!after.has("version")) {
            return;
        }
        long id = after.path("id").asLong();
        switch (change.path("table").asString()) {
            case "chat_room" -> {
                roomVersions.merge(id, after.path("version").asLong(), Math::max);
                roomFrames.put(id, text);
            }
            case "chat_room_join_request" -> {
                requestVersions.merge(id, after.path("version").asLong(), Math::max);
                requestFrames.put(id, text);
            }
            default -> { }
        }
    }

    private static Optional<String[]> older(Map<Long, Long> versions, Map<Long, String> frames, long id, long version,
            String what, String text) {
        Long shown = versions.get(id);
        if (shown != null && version <= shown) {
            return Optional.of(new String[] {"nothing backwards: " + what + " " + id + " at version " + version
                    + " after the page showed version " + shown, "shown:  " + frames.get(id) + "\nthen:   " + text});
        }
        return Optional.empty();
    }
}
