package io.nostale.gateway.delivery;

import java.time.Duration;

/**
 * The start-up check that keeps the freshness status from flapping. On a healthy but quiet stream a page's view of
 * the stream is at worst one database heartbeat interval old when its gateway heartbeat leaves, and the next gateway
 * heartbeat follows up to a heartbeat interval later (plus a quarter: the dispatcher looks for quiet sockets four
 * times per interval). That worst case must stay well below {@code freshness} — at most three quarters of it — or a
 * healthy page would show "delayed" now and then.
 */
public final class FreshnessBounds {

    private FreshnessBounds() {
    }

    /** The longest a page's view of a healthy, quiet stream gets behind before its next frame. */
    public static Duration worstHealthyLag(Duration databaseHeartbeat, Duration heartbeatInterval) {
        return databaseHeartbeat.plus(heartbeatInterval).plus(heartbeatInterval.dividedBy(4));
    }

    /** Throws, naming the settings, unless {@link #worstHealthyLag} is at most three quarters of {@code freshness}. */
    public static void check(Duration freshness, Duration databaseHeartbeat, Duration heartbeatInterval) {
        Duration worst = worstHealthyLag(databaseHeartbeat, heartbeatInterval);
        if (worst.multipliedBy(4).compareTo(freshness.multipliedBy(3)) > 0) {
            throw new IllegalArgumentException("nostale.gateway.freshness (" + freshness + ") must be at least 4/3 of"
                    + " database-heartbeat-interval (" + databaseHeartbeat + ") + 5/4 of heartbeat-interval ("
                    + heartbeatInterval + "), that is " + worst.multipliedBy(4).dividedBy(3)
                    + ": otherwise healthy pages would show \"delayed\" between two heartbeats");
        }
    }
}
