package io.nostale.pages;

import io.nostale.wire.PageGrant;
import io.nostale.wire.SubscriptionClaims;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps the page a token names ({@code home}, {@code rooms}, {@code room:42}) to its filter. */
public final class PageFilters {

    private static final Pattern ROOM = Pattern.compile("room:([1-9][0-9]{0,18})");

    private PageFilters() {
    }

    /** Empty for pages this gateway does not serve, and for grants on a page that has none. */
    public static Optional<PageFilter> forPage(SubscriptionClaims claims) {
        return forPage(claims.userId(), claims.page(), claims.grants());
    }

    /** The filter of {@code page} for {@code userId} with {@code grants}; empty as {@link #forPage(SubscriptionClaims)}. */
    public static Optional<PageFilter> forPage(long userId, String page, Set<PageGrant> grants) {
        boolean noGrants = grants.isEmpty();
        return switch (page) {
            case "home" -> noGrants ? Optional.of(new HomePageFilter(userId)) : Optional.empty();
            case "rooms" -> noGrants ? Optional.of(new RoomsPageFilter(userId)) : Optional.empty();
            default -> room(userId, page, grants);
        };
    }

    private static Optional<PageFilter> room(long userId, String page, Set<PageGrant> grants) {
        Matcher room = ROOM.matcher(page);
        if (!room.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RoomPageFilter(userId, Long.parseLong(room.group(1)), grants));
        } catch (NumberFormatException e) {
            return Optional.empty(); // 19 digits beyond Long.MAX_VALUE
        }
    }
}
