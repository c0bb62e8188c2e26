package io.nostale.renderer.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A sliding window of attempts per key (a username, a client address): at most {@code max} attempts within
 * {@code window}. An attempt takes its place <em>before</em> it is checked, so a burst of parallel requests cannot
 * overshoot the limit while the first ones are still being checked; an attempt that turns out not to count gives
 * its place back. At most {@code capacity} keys are remembered: expired ones are dropped first, then the key whose
 * last attempt is oldest.
 */
final class AttemptWindows {

    private final int max;
    private final Duration window;
    private final int capacity;
    // Values are immutable and replaced inside compute(), so reading them outside it (makeRoom) is safe.
    private final ConcurrentHashMap<String, Attempts> byKey = new ConcurrentHashMap<>();

    AttemptWindows(int max, Duration window, int capacity) {
        if (max < 1 || window.isNegative() || window.isZero() || capacity < 1) {
            throw new IllegalArgumentException("max and capacity must be positive, window longer than zero");
        }
        this.max = max;
        this.window = window;
        this.capacity = capacity;
    }

    /** The outcome of {@link #take}. */
    sealed interface Take {
    }

    /** The attempt holds a place in the key's window, taken at {@code at}. */
    record Taken(String key, Instant at) implements Take {
    }

    /** The key already has {@code max} attempts in the window; the oldest leaves it after {@code retryAfter}. */
    record Full(Duration retryAfter) implements Take {
    }

    Take take(String key, Instant now) {
        if (!byKey.containsKey(key) && byKey.size() >= capacity) {
            makeRoom(now);
        }
        Take[] outcome = new Take[1];
        byKey.compute(key, (k, held) -> {
            Attempts live = held == null ? Attempts.NONE : held.since(now.minus(window));
            if (live.times().size() >= max) {
                outcome[0] = new Full(Duration.between(now, live.times().get(0).plus(window)));
                return live;
            }
            outcome[0] = new Taken(key, now);
            return live.plus(now);
        });
        return outcome[0];
    }

    /** The attempt does not count after all (for an address: it succeeded). */
    void giveBack(Taken taken) {
        byKey.computeIfPresent(taken.key(), (k, held) -> held.minus(taken.at()).orNull());
    }

    /** Forgets every attempt of the key (for a username: it signed in). */
    void clear(String key) {
        byKey.remove(key);
    }

    int trackedKeys() {
        return byKey.size();
    }

    private void makeRoom(Instant now) {
        Instant horizon = now.minus(window);
        for (String key : byKey.keySet()) {
            byKey.computeIfPresent(key, (k, held) -> held.since(horizon).orNull());
        }
        int excess = byKey.size() - capacity + 1;
        if (excess > 0) {
            List<Map.Entry<String, Attempts>> entries = new ArrayList<>(byKey.entrySet());
            entries.sort(Comparator.comparing(e -> e.getValue().newest()));
            entries.subList(0, Math.min(excess, entries.size())).forEach(e -> byKey.remove(e.getKey(), e.getValue()));
        }
    }

    /** The times of one key's attempts, oldest first. */
    private record Attempts(List<Instant> times) {

        static final Attempts NONE = new Attempts(List.of());

        Attempts since(Instant horizon) {
            int first = 0;
            while (first < times.size() && !times.get(first).isAfter(horizon)) {
                first++;
            }
            return first == 0 ? this : new Attempts(List.copyOf(times.subList(first, times.size())));
        }

        Attempts plus(Instant at) {
            List<Instant> more = new ArrayList<>(times);
            more.add(at);
            more.sort(null); // a clock that stepped back must not break "oldest first"
            return new Attempts(List.copyOf(more));
        }

        Attempts minus(Instant at) {
            List<Instant> fewer = new ArrayList<>(times);
            fewer.remove(at);
            return new Attempts(List.copyOf(fewer));
        }

        Instant newest() {
            return times.isEmpty() ? Instant.MIN : times.get(times.size() - 1);
        }

        @Nullable
        Attempts orNull() {
            return times.isEmpty() ? null : this;
        }
    }
}
