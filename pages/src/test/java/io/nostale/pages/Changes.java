package io.nostale.pages;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Operation;
import io.nostale.wire.PageGrant;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.Timepoint;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Builds changes and claims for filter tests. */
final class Changes {

    private Changes() {
    }

    static ChangeEvent insert(String table, Map<String, Object> after) {
        return new ChangeEvent(table, Operation.INSERT, 1, "0/1", "0/1#0/1", 0, Map.of(), after);
    }

    static ChangeEvent update(String table, Map<String, Object> before, Map<String, Object> after) {
        return new ChangeEvent(table, Operation.UPDATE, 1, "0/1", "0/1#0/1", 0, before, after);
    }

    static ChangeEvent delete(String table, Map<String, Object> before) {
        return new ChangeEvent(table, Operation.DELETE, 1, "0/1", "0/1#0/1", 0, before, Map.of());
    }

    static PageFilter filter(String page, long userId, PageGrant... grants) {
        return PageFilters.forPage(new SubscriptionClaims(userId, page, Timepoint.parse("0/1@1:1:@2026-11-25T10:00:00Z"),
                Instant.parse("2026-11-26T10:00:00Z"), Set.of(grants))).orElseThrow();
    }
}
