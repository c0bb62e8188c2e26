package io.nostale.pages;

import java.util.Map;

/** Reads ids from change rows. Ids are JSON numbers on the wire; anything else matches nobody. */
final class Rows {

    private Rows() {
    }

    static boolean has(Map<String, Object> row, String column, long id) {
        return row.get(column) instanceof Number value && value.longValue() == id;
    }
}
