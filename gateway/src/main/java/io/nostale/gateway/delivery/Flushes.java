package io.nostale.gateway.delivery;

import io.nostale.gateway.connection.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * The sockets that were queued frames in one round of work; flushed together at its end, so each socket gets
 * everything of the round in one write. Owned by the thread doing the round.
 */
final class Flushes {

    private final List<Connection> dirty = new ArrayList<>();

    void add(Connection connection) {
        if (connection.markDirty()) {
            dirty.add(connection);
        }
    }

    void flushAll() {
        for (Connection connection : dirty) {
            connection.flush();
        }
        dirty.clear();
    }
}
