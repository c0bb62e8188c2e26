package io.nostale.load.workload;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How many pages of each kind one user holds, e.g. {@code home:4,rooms:2,own-room:2,club-room:2}: a user with ten
 * tabs. A step of N pages then spans N / {@link #pagesPerUser()} users. The per-user order interleaves the kinds so
 * that every step, whatever its size, holds all of them.
 */
public record PageMix(Map<Slot, Integer> counts) {

    /** The most pages per user: every step then spans at least N/10 distinct users. */
    public static final int MAX_PAGES_PER_USER = 10;

    /** What one of a user's pages shows. */
    public enum Slot {
        /** {@code home}. */
        HOME("home"),
        /** {@code rooms}, the room directory. */
        ROOMS("rooms"),
        /** {@code room:R} of the user's own room: grants member and owner. */
        OWN_ROOM("own-room"),
        /** {@code room:R} of the user's club, owned by someone else: grant member. */
        CLUB_ROOM("club-room");

        private final String label;

        Slot(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public PageMix {
        counts = Map.copyOf(counts);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        if (counts.values().stream().anyMatch(n -> n < 0)) {
            throw new IllegalArgumentException("page counts must not be negative");
        }
        if (total < 1 || total > MAX_PAGES_PER_USER) {
            throw new IllegalArgumentException("a user holds 1 to " + MAX_PAGES_PER_USER + " pages (so a step of N pages"
                    + " spans at least N/10 users), got " + total);
        }
    }

    /** Parses {@code home:4,rooms:2,own-room:2,club-room:2}; kinds left out hold no pages. */
    public static PageMix parse(String text) {
        Map<Slot, Integer> counts = new EnumMap<>(Slot.class);
        for (String part : text.split(",")) {
            String[] kv = part.trim().split(":", -1);
            if (kv.length != 2) {
                throw new IllegalArgumentException("mix entries are kind:count, got '" + part.trim() + "'");
            }
            Slot slot = null;
            for (Slot s : Slot.values()) {
                if (s.label.equals(kv[0].trim().toLowerCase(Locale.ROOT))) {
                    slot = s;
                }
            }
            if (slot == null) {
                throw new IllegalArgumentException("unknown page kind '" + kv[0].trim() + "' (home, rooms, own-room, club-room)");
            }
            if (counts.containsKey(slot)) {
                throw new IllegalArgumentException("page kind " + slot.label + " given twice");
            }
            try {
                counts.put(slot, Integer.parseInt(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("page count of " + slot.label + " is not a number: '" + kv[1].trim() + "'");
            }
        }
        return new PageMix(counts);
    }

    public int pagesPerUser() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** One user's pages in order: the kinds taken in turn while each has pages left. */
    public List<Slot> pattern() {
        Map<Slot, Integer> left = new EnumMap<>(Slot.class);
        left.putAll(counts);
        List<Slot> pattern = new ArrayList<>();
        while (pattern.size() < pagesPerUser()) {
            for (Slot slot : Slot.values()) {
                int n = left.getOrDefault(slot, 0);
                if (n > 0) {
                    pattern.add(slot);
                    left.put(slot, n - 1);
                }
            }
        }
        return pattern;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Slot slot : Slot.values()) {
            int n = counts.getOrDefault(slot, 0);
            if (n > 0) {
                text.append(text.isEmpty() ? "" : ",").append(slot.label).append(':').append(n);
            }
        }
        return text.toString();
    }
}
