package io.nostale.pages.delivery;

/** Why the gateway cannot prove a page complete; the wire name goes to the client and the metrics. */
public enum ResyncReason {
    /** The page's timepoint (or resume point) is older than the history the topic still holds. */
    HISTORY_EXPIRED("history-expired"),
    /** The topic was recreated or the relay's replication slot was (re)created after the page's timepoint. */
    STREAM_RESET("stream-reset"),
    /** The client read too slowly and fell behind what the gateway buffers for it. */
    SLOW_CLIENT("slow-client"),
    /** The page's subscription token expired; a reload gets a new one. */
    TOKEN_EXPIRED("token-expired"),
    /** A record on the topic could not be read, so what the page missed cannot be known. */
    UNREADABLE_RECORD("unreadable-record"),
    /** A change altered what the user may see on the page (admitted, left, ownership moved): render it anew. */
    ACCESS_CHANGED("access-changed"),
    /** A page whose access can change tried to resume from a point the gateway did not prove to it. */
    RESUME_UNPROVEN("resume-unproven"),
    /** A table the page shows was truncated after the page was read: no change can say what is left, a render can. */
    TRUNCATED("truncated");

    private final String wireName;

    ResyncReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
