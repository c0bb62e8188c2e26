package io.nostale.renderer.home;

import java.util.Comparator;

/** One row of the room list; the template's and the script's DOM for it are the same. */
record HomeRow(long roomId, String title, boolean joined) {

    /**
     * {@code (title, id)}, titles compared by UTF-16 code units: exactly JavaScript's string {@code <}, so
     * the script puts a row where a fresh render would (a database collation would not agree).
     */
    static final Comparator<HomeRow> ORDER = Comparator.comparing(HomeRow::title).thenComparingLong(HomeRow::roomId);

    String status() {
        return joined ? "joined" : "pending";
    }
}
