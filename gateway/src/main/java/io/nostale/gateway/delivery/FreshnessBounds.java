package io.nostale.gateway.delivery;

import io.nostale.wire.settings.Settings;
import java.time.Duration;

/**
 * The start-up rule that keeps the freshness status from flapping (one link of the gateway's settings chain,
 * {@code GatewayProperties#check}). On a healthy but quiet stream a page's view of the stream is at worst one
 * database heartbeat interval old when its gateway heartbeat leaves, and the next gateway heartbeat follows up to a
 * heartbeat interval later (plus a quarter: the dispatcher looks for quiet sockets four times per interval). That
 * worst case must stay well below {@code freshness} — at most three quarters of it — or a healthy page would show
 * "delayed" now and then.
 */
public final class FreshnessBounds {

    private FreshnessBounds() {
    }

    /** The longest a page's view of a healthy, quiet stream gets behind before its next frame. */
    public static Duration worstHealthyLag(Duration databaseHeartbeat, Duration heartbeatInterval) {
        return databaseHeartbeat.plus(heartbeatInterval).plus(heartbeatInterval.dividedBy(4));
    }

    /** Whether {@link #worstHealthyLag} is at most three quarters of {@code freshness}. */
    public static boolean holds(Duration freshness, Duration databaseHeartbeat, Duration heartbeatInterval) {
        Duration worst = worstHealthyLag(databaseHeartbeat, heartbeatInterval);
        return worst.multipliedBy(4).compareTo(freshness.multipliedBy(3)) <= 0;
    }

    /** What is wrong when the rule does not hold, naming the three settings. */
    public static String explain(Duration freshness, Duration databaseHeartbeat, Duration heartbeatInterval) {
        long neededNanos = worstHealthyLag(databaseHeartbeat, heartbeatInterval).multipliedBy(4).dividedBy(3).toNanos();
        Duration needed = Duration.ofMillis((neededNanos + 999_999) / 1_000_000); // rounded up: enough, not almost
        return "nostale.gateway.freshness (" + Settings.duration(freshness) + ") must be at least 4/3 of"
                + " nostale.gateway.database-heartbeat-interval (" + Settings.duration(databaseHeartbeat) + ") + 5/4 of"
                + " nostale.gateway.heartbeat-interval (" + Settings.duration(heartbeatInterval) + "), that is "
                + Settings.duration(needed) + ": otherwise healthy pages would show \"delayed\" between two heartbeats";
    }
}
