package io.nostale.pages;

import io.nostale.wire.ChangeEvent;
import java.util.List;

/**
 * What one kind of page shows and what its user may see, as a judgement over changes: a page declares it, the
 * gateway streams what it lets through. Judged in commit order, for changes the page has not seen only.
 */
public interface PageFilter {

    Verdict judge(ChangeEvent change);

    /**
     * True when this page (with its grants) shows rows of {@code table}: a {@code TRUNCATE} of it empties what the
     * page shows, and the page must be rendered anew (D22). Every table whose changes {@link #judge} can show must
     * answer true; tables it never shows answer false, so their truncates leave the page alone.
     */
    boolean reads(String table);

    /** The routing keys of this page: every change it shows has one of them in its {@link Audience}. */
    List<Interest> interests();

    /**
     * True for pages whose grants can change (room pages). Such a page may resume only from a point the gateway
     * proved it streamed to: everything before it was judged with the page's grants, so no access change lies there.
     */
    default boolean needsResumeProof() {
        return false;
    }
}
