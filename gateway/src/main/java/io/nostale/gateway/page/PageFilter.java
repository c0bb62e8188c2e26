package io.nostale.gateway.page;

import io.nostale.wire.ChangeEvent;

/** What one kind of page shows, as a predicate over changes: a page declares it, the gateway streams the matches. */
public interface PageFilter {

    boolean matches(ChangeEvent change);
}
