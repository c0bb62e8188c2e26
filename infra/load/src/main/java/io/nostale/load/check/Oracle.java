package io.nostale.load.check;

import io.nostale.load.check.WorkloadChange.MessagePosted;
import io.nostale.load.check.WorkloadChange.RequestUpdated;
import io.nostale.load.check.WorkloadChange.TitleChanged;
import io.nostale.wire.PageGrant;
import io.nostale.wire.Timepoint;

/**
 * Which of the driver's commits a page must receive, from the page descriptions of docs/protocol.md applied to the
 * driver's own three change kinds. Deliberately not the gateway's filters: this is the independent expectation
 * they are checked against.
 *
 * <ul>
 * <li>home: every room title; the user's own join requests;</li>
 * <li>rooms (directory): every room title; the user's own join requests;</li>
 * <li>room R: R's title; requests to R — all with grant owner, else only the user's own; messages in R with grant
 * member.</li>
 * </ul>
 */
public final class Oracle {

    private Oracle() {
    }

    /** True when the page's kind and user let this change through (visibility aside). */
    public static boolean shows(PageView page, WorkloadChange change) {
        if (change instanceof TitleChanged title) {
            return page.kind() != PageKind.ROOM || page.roomId() == title.roomId();
        }
        if (change instanceof RequestUpdated request) {
            if (page.kind() != PageKind.ROOM) {
                return page.userId() == request.userId();
            }
            return page.roomId() == request.roomId()
                    && (page.grants().contains(PageGrant.OWNER) || page.userId() == request.userId());
        }
        if (change instanceof MessagePosted message) {
            return page.kind() == PageKind.ROOM && page.roomId() == message.roomId()
                    && page.grants().contains(PageGrant.MEMBER);
        }
        throw new IllegalArgumentException("unknown change " + change);
    }

    /**
     * True when a page read at {@code seenAt} must receive the change committed by transaction {@code xid}: it shows
     * it, and the transaction is not visible in the page's snapshot (docs/timepoint.md, the delivery rule).
     */
    public static boolean expects(PageView page, Timepoint seenAt, WorkloadChange change, long xid) {
        return shows(page, change) && !seenAt.includes(xid);
    }
}
