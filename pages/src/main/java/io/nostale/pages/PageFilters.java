package io.nostale.pages;

import io.nostale.wire.SubscriptionClaims;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps the page a token names ({@code home}, {@code rooms}, {@code room:42}) to its filter. */
public final class PageFilters {

    private static final Pattern ROOM = Pattern.compile("room:([1-9][0-9]{0,18})");

    private PageFilters() {
    }

    /** Empty for pages this gateway does not serve, and for grants on a page that has none. */
    public static Optional<PageFilter> forPage(SubscriptionClaims claims) {
        long userId = claims.userId();
        boolean noGrants = claims.grants().isEmpty();
        return switch (claims.page()) {
            case "home" -> noGrants ? Optional.of(new HomePageFilter(userId)) : Optional.empty();
            case "rooms" -> noGrants ? Optional.of(new RoomsPageFilter(userId)) : Optional.empty();
            default -> room(claims);
        };
    }

    private static Optional<PageFilter> room(SubscriptionClaims claims) {
        Matcher room = ROOM.matcher(claims.page());
        if (!room.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RoomPageFilter(claims.userId(), Long.parseLong(room.group(1)), claims.grants()));
        } catch (NumberFormatException e) {
            return Optional.empty(); // 19 digits beyond Long.MAX_VALUE
        }
    }
}
