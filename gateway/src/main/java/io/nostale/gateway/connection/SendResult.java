package io.nostale.gateway.connection;

/** What became of a frame handed to {@link Connection#send}. */
public enum SendResult {
    /** Queued; it will be written in order. */
    QUEUED,
    /** Not queued: this socket already holds its whole outbox limit, its client reads too slowly. */
    OVER_LIMIT,
    /** Not queued: the gateway's outbound budget is spent; retry once sockets have drained. */
    BUDGET_SPENT,
    /** Not queued: the socket is closing or closed. */
    CLOSED
}
