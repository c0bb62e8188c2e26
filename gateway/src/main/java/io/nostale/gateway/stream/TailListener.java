package io.nostale.gateway.stream;

/** Told by the tail follower whenever new records (or a further head offset) are available. */
public interface TailListener {

    void tailAdvanced();

    /** The topic was recreated: every offset and position a page holds names the old stream. */
    void streamReplaced(String detail);
}
