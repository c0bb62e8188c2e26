package io.nostale.renderer.home;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The home page's rooms: joined rooms plus rooms of pending requests, one row per room (joined wins),
 * sorted by {@link HomeRow#ORDER}. {@code home-model.js} computes the same list from the same model.
 */
record HomeList(List<HomeRow> rows, HomeModel model) {

    static HomeList of(List<HomeRoom> joinedRooms, List<PendingRoom> pendingRooms) {
        Map<Long, HomeRoom> rooms = new TreeMap<>();
        Set<Long> joined = new TreeSet<>();
        for (HomeRoom room : joinedRooms) {
            rooms.put(room.id(), room);
            joined.add(room.id());
        }
        List<PendingRequest> pending = new ArrayList<>();
        for (PendingRoom p : pendingRooms) {
            rooms.putIfAbsent(p.room().id(), p.room());
            pending.add(p.request());
        }
        List<HomeRow> rows = new ArrayList<>();
        for (HomeRoom room : rooms.values()) {
            rows.add(new HomeRow(room.id(), room.title(), joined.contains(room.id())));
        }
        rows.sort(HomeRow.ORDER);
        pending.sort((a, b) -> Long.compare(a.id(), b.id()));
        Map<String, HomeModel.Title> titles = new LinkedHashMap<>();
        rooms.values().forEach(room -> titles.put(Long.toString(room.id()),
                new HomeModel.Title(room.title(), room.version())));
        return new HomeList(List.copyOf(rows),
                new HomeModel(List.copyOf(joined), List.copyOf(pending), titles));
    }

    /** A pending request with the room it asks for. */
    record PendingRoom(PendingRequest request, HomeRoom room) {
    }
}
