package io.nostale.wire.settings;

import java.util.List;

/**
 * A service's settings broke their bounds or the rules between them. The message lists every violation, each naming
 * its settings by their full property names; {@link #settings()} are those names (for an action that says what to
 * set). Never carries a secret: only durations, sizes and counts are checked this way.
 */
public final class InvalidSettingsException extends IllegalArgumentException {

    private final List<String> violations;
    private final List<String> settings;

    InvalidSettingsException(List<String> violations, List<String> settings) {
        super(String.join("; ", violations));
        this.violations = List.copyOf(violations);
        this.settings = List.copyOf(settings);
    }

    /** One sentence per violation, e.g. {@code nostale.gateway.heartbeat-interval (30s) must be between 100ms and 20s}. */
    public List<String> violations() {
        return violations;
    }

    /** The full property names involved, in the order first named, without repeats. */
    public List<String> settings() {
        return settings;
    }
}
