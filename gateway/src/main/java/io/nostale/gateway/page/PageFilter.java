package io.nostale.gateway.page;

import io.nostale.wire.ChangeEvent;

/**
 * What one kind of page shows and what its user may see, as a judgement over changes: a page declares it, the
 * gateway streams what it lets through. Judged in commit order, for changes the page has not seen only.
 */
public interface PageFilter {

    Verdict judge(ChangeEvent change);

    /**
     * True for pages whose grants can change (room pages). Such a page may resume only from a point the gateway
     * proved it streamed to: everything before it was judged with the page's grants, so no access change lies there.
     */
    default boolean needsResumeProof() {
        return false;
    }
}
