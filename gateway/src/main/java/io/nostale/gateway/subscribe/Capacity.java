package io.nostale.gateway.subscribe;

import io.nostale.gateway.connection.Connections;
import io.nostale.gateway.delivery.CatchUps;
import java.util.Optional;

/**
 * What this gateway can hold, checked when a socket opens: sockets (below the process's open-file limit), the
 * outbound byte budget, and pages replaying at once. At capacity a new socket is told {@code unavailable} (4503) and
 * backs off; the pages already open keep their stream.
 */
public final class Capacity {

    /** New sockets are refused while queued outbound bytes use more than this share of the budget. */
    static final double BUDGET_REFUSAL = 0.75;

    private final Connections connections;
    private final CatchUps catchUps;
    private final int maxConnections;
    private final int maxReplaying;

    public Capacity(Connections connections, CatchUps catchUps, int maxConnections, int maxReplaying) {
        this.connections = connections;
        this.catchUps = catchUps;
        this.maxConnections = maxConnections;
        this.maxReplaying = maxReplaying;
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** Why a new socket must be refused now, if it must. */
    Optional<String> refusal() {
        if (connections.size() > maxConnections) {
            return Optional.of("gateway at capacity (" + maxConnections + " connections); retry later");
        }
        if (connections.budget().isAbove(BUDGET_REFUSAL)) {
            return Optional.of("gateway at capacity (outbound buffers); retry later");
        }
        if (catchUps.replaying() >= maxReplaying) {
            return Optional.of("gateway at capacity (" + maxReplaying + " pages replaying); retry later");
        }
        return Optional.empty();
    }
}
