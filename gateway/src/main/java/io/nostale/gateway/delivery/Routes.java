package io.nostale.gateway.delivery;

import io.nostale.pages.Interest;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Live subscriptions by routing key ({@link Interest}), so a change reaches only the pages it can concern: a message
 * of room 7 looks at the pages of room 7, not at 15,000 home pages. Used by the dispatcher thread only.
 */
final class Routes {

    private static final Set<Subscription> NONE = Set.of();

    private final Map<Interest, Set<Subscription>> byInterest = new HashMap<>();
    private final Set<Subscription> all = new LinkedHashSet<>();

    void add(Subscription subscription) {
        all.add(subscription);
        for (Interest interest : subscription.filter().interests()) {
            byInterest.computeIfAbsent(interest, key -> new LinkedHashSet<>()).add(subscription);
        }
    }

    void remove(Subscription subscription) {
        if (!all.remove(subscription)) {
            return;
        }
        for (Interest interest : subscription.filter().interests()) {
            Set<Subscription> subscribers = byInterest.get(interest);
            if (subscribers != null && subscribers.remove(subscription) && subscribers.isEmpty()) {
                byInterest.remove(interest);
            }
        }
    }

    Set<Subscription> interestedIn(Interest interest) {
        return byInterest.getOrDefault(interest, NONE);
    }

    /** Every live subscription: stream-starts and unreadable records concern them all, and so do heartbeats. */
    Set<Subscription> all() {
        return all;
    }

    void clear() {
        all.clear();
        byInterest.clear();
    }

    int size() {
        return all.size();
    }
}
