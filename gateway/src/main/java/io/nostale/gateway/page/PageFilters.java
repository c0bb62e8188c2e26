package io.nostale.gateway.page;

import java.util.Optional;

/** Maps the page a token names ({@code home}, ...) to its filter. */
public final class PageFilters {

    private PageFilters() {
    }

    public static Optional<PageFilter> forPage(String page, long userId) {
        return switch (page) {
            case "home" -> Optional.of(new HomePageFilter(userId));
            default -> Optional.empty();
        };
    }
}
