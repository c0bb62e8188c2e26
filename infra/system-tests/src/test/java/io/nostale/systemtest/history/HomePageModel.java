package io.nostale.systemtest.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A line-by-line Java mirror of renderer/src/main/resources/static/js/home-model.js: the state the browser keeps
 * for the home page (joined rooms, pending requests, room titles with versions) and how a change frame updates it.
 * Keep it in step with the script: the checker proves the guarantee for the page the browser would show.
 */
final class HomePageModel {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern MODEL_BLOCK = Pattern.compile(
            "<script type=\"application/json\" id=\"nostale-model\">(.*?)</script>", Pattern.DOTALL);
    /** (title, id), titles by UTF-16 code units: Java's String.compareTo, as the renderer's HomeRow.ORDER. */
    static final Comparator<Row> ORDER = Comparator.comparing(Row::title).thenComparingLong(Row::roomId);

    record Row(long roomId, String title, String status) {
    }

    record Title(String title, long version) {
    }

    private final long userId;
    private final Set<Long> joined = new HashSet<>();
    private final Map<Long, Long> pending = new HashMap<>();
    private final Map<Long, Title> rooms = new HashMap<>();

    private HomePageModel(long userId) {
        this.userId = userId;
    }

    /** The model a page starts from: its embedded {@code #nostale-model} document. */
    static HomePageModel fromPage(long userId, String html) {
        Matcher block = MODEL_BLOCK.matcher(html);
        if (!block.find()) {
            throw new AssertionError("home page has no nostale-model block:\n" + html);
        }
        HomePageModel model = new HomePageModel(userId);
        JsonNode document = JSON.readTree(block.group(1));
        document.path("joined").forEach(id -> model.joined.add(id.asLong()));
        document.path("pending").forEach(p -> model.pending.put(p.path("id").asLong(), p.path("roomId").asLong()));
        for (Map.Entry<String, JsonNode> room : document.path("rooms").properties()) {
            model.rooms.put(Long.parseLong(room.getKey()),
                    new Title(room.getValue().path("title").asString(), room.getValue().path("version").asLong()));
        }
        return model;
    }

    /** Applies one change frame as {@code HomeModel.apply} does; true when the rows may have changed. */
    boolean apply(JsonNode change) {
        JsonNode before = change.path("before");
        JsonNode after = change.path("after");
        String op = change.path("op").asString();
        return switch (change.path("table").asString()) {
            case "chat_room_join_request" -> applyRequest(op, before, after);
            case "chat_room_member" -> applyMember(op, before, after);
            case "chat_room" -> applyRoom(op, before, after);
            default -> false;
        };
    }

    /** A title from GET /api/rooms/{id}: kept only if the room is shown and the version is newer. */
    boolean learnRoom(long roomId, String title, long version) {
        return shownRoomIds().contains(roomId) && setTitle(roomId, title, version);
    }

    Set<Long> shownRoomIds() {
        Set<Long> ids = new HashSet<>(joined);
        ids.addAll(pending.values());
        return ids;
    }

    List<Long> missingTitles() {
        return shownRoomIds().stream().filter(id -> !rooms.containsKey(id)).sorted().toList();
    }

    Title title(long roomId) {
        return rooms.get(roomId);
    }

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (long roomId : shownRoomIds()) {
            Title room = rooms.get(roomId);
            if (room != null) {
                rows.add(new Row(roomId, room.title(), joined.contains(roomId) ? "joined" : "pending"));
            }
        }
        rows.sort(ORDER);
        return rows;
    }

    /** For violation reports: the state in the server's model shape. */
    @Override
    public String toString() {
        Map<Long, Title> shown = new LinkedHashMap<>();
        shownRoomIds().stream().sorted().filter(rooms::containsKey).forEach(id -> shown.put(id, rooms.get(id)));
        return "joined=" + new TreeSet<>(joined) + " pending=" + new java.util.TreeMap<>(pending) + " rooms=" + shown;
    }

    private boolean mine(JsonNode row) {
        return row.has("user_id") && row.path("user_id").asLong() == userId;
    }

    private boolean applyRequest(String op, JsonNode before, JsonNode after) {
        boolean changed = false;
        if (!"INSERT".equals(op) && mine(before)) {
            changed = pending.remove(before.path("id").asLong()) != null;
        }
        if (!"DELETE".equals(op) && mine(after)) {
            long id = after.path("id").asLong();
            if ("pending".equals(after.path("status").asString())) {
                long roomId = after.path("room_id").asLong();
                Long previous = pending.put(id, roomId);
                changed = previous == null || previous != roomId || changed;
            } else {
                changed = pending.remove(id) != null || changed;
            }
        }
        return changed;
    }

    private boolean applyMember(String op, JsonNode before, JsonNode after) {
        boolean changed = false;
        if (!"INSERT".equals(op) && mine(before)) {
            changed = joined.remove(before.path("room_id").asLong());
        }
        if (!"DELETE".equals(op) && mine(after)) {
            changed = joined.add(after.path("room_id").asLong()) || changed;
        }
        return changed;
    }

    private boolean applyRoom(String op, JsonNode before, JsonNode after) {
        if ("DELETE".equals(op)) {
            long id = before.path("id").asLong();
            boolean changed = rooms.remove(id) != null;
            changed = joined.remove(id) || changed;
            changed = pending.values().removeIf(roomId -> roomId == id) || changed;
            return changed;
        }
        long id = after.path("id").asLong();
        if (!(rooms.containsKey(id) || shownRoomIds().contains(id)) || !after.has("title") || !after.has("version")) {
            return false;
        }
        return setTitle(id, after.path("title").asString(), after.path("version").asLong());
    }

    private boolean setTitle(long id, String title, long version) {
        Title known = rooms.get(id);
        if (known != null && known.version() >= version) {
            return false; // never go back to an older title
        }
        rooms.put(id, new Title(title, version));
        return known == null || !known.title().equals(title);
    }
}
