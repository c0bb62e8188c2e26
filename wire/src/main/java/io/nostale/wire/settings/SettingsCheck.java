package io.nostale.wire.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One validation chain for a service's settings: each duration, size and count within its bounds, then the rules
 * between settings, all collected, so that one start-up failure names every setting to fix (not the first one only).
 * Names are given relative to the service's prefix ({@code send-time-limit}) and reported in full
 * ({@code nostale.gateway.send-time-limit}), as an operator writes them.
 *
 * <p>A rule between settings is skipped when one of its settings is missing or already out of its own bounds: that
 * setting is reported once, for what is wrong with it, not again for what follows from it.
 */
public final class SettingsCheck {

    private final String prefix;
    private final List<String> violations = new ArrayList<>();
    private final Set<String> involved = new LinkedHashSet<>();
    private final Set<String> broken = new LinkedHashSet<>();

    private SettingsCheck(String prefix) {
        this.prefix = prefix;
    }

    /** A chain for the settings under {@code prefix}, e.g. {@code nostale.gateway}. */
    public static SettingsCheck of(String prefix) {
        return new SettingsCheck(prefix);
    }

    /** The full property name of {@code setting}. */
    public String name(String setting) {
        return prefix + "." + setting;
    }

    /** {@code value} must be set and lie in {@code [min, max]}. */
    public SettingsCheck duration(String setting, Duration value, Duration min, Duration max) {
        if (value == null) {
            return missing(setting);
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            fail(name(setting) + " (" + Settings.duration(value) + ") must be between " + Settings.duration(min)
                    + " and " + Settings.duration(max), setting);
            broken.add(setting);
        }
        return this;
    }

    /** A size in bytes ({@code null}: not set) that must lie in {@code [min, max]}. */
    public SettingsCheck bytes(String setting, Long value, long min, long max) {
        if (value == null) {
            return missing(setting);
        }
        if (value < min || value > max) {
            fail(name(setting) + " (" + Settings.bytes(value) + ") must be between " + Settings.bytes(min) + " and "
                    + Settings.bytes(max), setting);
            broken.add(setting);
        }
        return this;
    }

    /** A count (or a size given as a plain number) that must lie in {@code [min, max]}. */
    public SettingsCheck count(String setting, long value, long min, long max) {
        if (value < min || value > max) {
            fail(name(setting) + " (" + value + ") must be between " + min + " and " + max, setting);
            broken.add(setting);
        }
        return this;
    }

    /** {@code value} must be set and not blank. */
    public SettingsCheck text(String setting, String value) {
        if (value == null || value.isBlank()) {
            return missing(setting);
        }
        return this;
    }

    /** {@code value} must be strictly shorter than {@code limit}; {@code why} says what breaks otherwise. */
    public SettingsCheck below(String setting, Duration value, String limitSetting, Duration limit, String why) {
        if (value != null && limit != null && value.compareTo(limit) >= 0) {
            rule(false, () -> name(setting) + " (" + Settings.duration(value) + ") must be below " + name(limitSetting)
                    + " (" + Settings.duration(limit) + "): " + why, setting, limitSetting);
        }
        return this;
    }

    /** {@code value} must be at most as long as {@code limit}; {@code why} says what breaks otherwise. */
    public SettingsCheck atMost(String setting, Duration value, String limitSetting, Duration limit, String why) {
        if (value != null && limit != null && value.compareTo(limit) > 0) {
            rule(false, () -> name(setting) + " (" + Settings.duration(value) + ") must be at most " + name(limitSetting)
                    + " (" + Settings.duration(limit) + "): " + why, setting, limitSetting);
        }
        return this;
    }

    /** The size {@code value} must be at most {@code limit} bytes; {@code why} says what breaks otherwise. */
    public SettingsCheck atMost(String setting, Long value, String limitSetting, Long limit, String why) {
        if (value != null && limit != null && value > limit) {
            rule(false, () -> name(setting) + " (" + Settings.bytes(value) + ") must be at most " + name(limitSetting)
                    + " (" + Settings.bytes(limit) + "): " + why, setting, limitSetting);
        }
        return this;
    }

    /**
     * A rule between {@code settings}: when it does not hold, {@code message} (which names them, see {@link #name})
     * is reported. Skipped when one of them was already reported as missing or out of bounds.
     */
    public SettingsCheck rule(boolean holds, Supplier<String> message, String... settings) {
        if (holds) {
            return this;
        }
        for (String setting : settings) {
            if (broken.contains(setting)) {
                return this;
            }
        }
        fail(message.get(), settings);
        return this;
    }

    /** Everything violated so far, one sentence each. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Throws {@link InvalidSettingsException} listing every violation, if there is any. */
    public void verify() {
        if (!violations.isEmpty()) {
            List<String> names = involved.stream().map(this::name).toList();
            throw new InvalidSettingsException(violations, names);
        }
    }

    private SettingsCheck missing(String setting) {
        fail(name(setting) + " must be set", setting);
        broken.add(setting);
        return this;
    }

    private void fail(String violation, String... settings) {
        violations.add(violation);
        involved.addAll(List.of(settings));
    }
}
