package io.nostale.gateway.delivery;

import io.nostale.gateway.GatewayProperties;

/**
 * What every sweep is set up with, derived from the gateway's settings.
 *
 * @param choice which sweep a page joins
 * @param highWater bytes waiting on a socket above which its page leaves the sweep until they drained
 * @param heartbeatNanos how long a replaying page may go without a frame before it is sent a heartbeat
 */
record SweepSettings(SweepChoice choice, long highWater, long heartbeatNanos) {

    /**
     * A page may be up to four batches behind a sweep (its gap is judged for it alone) or sixteen ahead (it waits for
     * the sweep). A reconnect storm's pages resume within about a heartbeat interval of one another, so they end up
     * in one sweep or a few; a page far from every sweep starts its own. A few sweeps read each record a few times,
     * which is cheap; what must not happen is one read per page.
     */
    static SweepSettings of(GatewayProperties properties) {
        long batch = properties.catchUpBatch();
        return new SweepSettings(new SweepChoice(4 * batch, 16 * batch), properties.outboxBytes().toBytes() / 2,
                properties.heartbeatInterval().toNanos());
    }
}
