package io.nostale.pages;

import io.nostale.wire.ChangeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The routing keys of a change: every page a change can concern shares one of them (see {@link Interest}). */
public final class Audience {

    private Audience() {
    }

    /** Keys from the table and both row images, so a row moved to another user or room reaches both sides. */
    public static List<Interest> of(ChangeEvent change) {
        List<Interest> keys = new ArrayList<>(5);
        switch (change.table()) {
            case "chat_room" -> {
                keys.add(Interest.ALL_ROOMS);
                ids(change, "id", Interest.Kind.ROOM, keys);
            }
            case "chat_room_join_request" -> {
                ids(change, "user_id", Interest.Kind.USER, keys);
                ids(change, "room_id", Interest.Kind.ROOM, keys);
            }
            case "chat_room_member" -> {
                keys.add(Interest.ALL_MEMBERS);
                ids(change, "user_id", Interest.Kind.USER, keys);
                ids(change, "room_id", Interest.Kind.ROOM, keys);
            }
            case "chat_message" -> ids(change, "room_id", Interest.Kind.ROOM, keys);
            default -> {
                // heartbeats and tables no page shows
            }
        }
        return keys;
    }

    private static void ids(ChangeEvent change, String column, Interest.Kind kind, List<Interest> keys) {
        add(change.before(), column, kind, keys);
        add(change.after(), column, kind, keys);
    }

    private static void add(Map<String, Object> row, String column, Interest.Kind kind, List<Interest> keys) {
        if (row.get(column) instanceof Number id) {
            Interest key = new Interest(kind, id.longValue());
            if (!keys.contains(key)) {
                keys.add(key);
            }
        }
    }
}
