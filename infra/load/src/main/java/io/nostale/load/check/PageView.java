package io.nostale.load.check;

import io.nostale.wire.PageGrant;
import java.util.Objects;
import java.util.Set;

/**
 * One page as the oracle sees it: whose it is, which kind, and for a room page which room and with which grants (as
 * found in the page's snapshot).
 */
public record PageView(PageKind kind, long userId, long roomId, Set<PageGrant> grants) {

    public PageView {
        Objects.requireNonNull(kind, "kind");
        grants = Set.copyOf(grants);
        if ((kind == PageKind.ROOM) != (roomId > 0)) {
            throw new IllegalArgumentException("a room page names its room, other pages none");
        }
        if (kind != PageKind.ROOM && !grants.isEmpty()) {
            throw new IllegalArgumentException("only room pages carry grants");
        }
    }

    /** The token's page claim: {@code home}, {@code rooms}, {@code room:42}. */
    public String pageName() {
        return switch (kind) {
            case HOME -> "home";
            case ROOMS -> "rooms";
            case ROOM -> "room:" + roomId;
        };
    }
}
