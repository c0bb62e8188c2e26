package io.nostale.renderer.security;

import io.nostale.wire.settings.SettingsCheck;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code nostale.renderer.login-throttle.*}: how many failed sign-ins {@code POST /login} tolerates before it
 * answers 429. Counted in memory, so each renderer instance counts on its own (docs/security.md).
 *
 * @param maxFailuresPerUsername failed sign-ins for one username within {@code window}; further attempts for that
 *                               username are refused, whatever the password and wherever they come from
 * @param maxFailuresPerAddress  failed sign-ins from one client address within {@code window}, for any usernames;
 *                               further attempts from that address are refused
 * @param window                 how long a failure counts; a refusal lasts until the oldest counted failure is
 *                               this old
 * @param maxTrackedKeys         usernames (and, separately, addresses) remembered at once, so that a spray of
 *                               made-up names cannot exhaust memory
 */
@ConfigurationProperties("nostale.renderer.login-throttle")
record LoginThrottleProperties(int maxFailuresPerUsername, int maxFailuresPerAddress, Duration window,
                               int maxTrackedKeys) {

    /** Checked at start: every violation named at once (SettingsFailureAnalyzer). */
    LoginThrottleProperties {
        SettingsCheck.of("nostale.renderer.login-throttle")
                .count("max-failures-per-username", maxFailuresPerUsername, 1, 1_000)
                .count("max-failures-per-address", maxFailuresPerAddress, 1, 100_000)
                .duration("window", window, Duration.ofSeconds(1), Duration.ofDays(1))
                .count("max-tracked-keys", maxTrackedKeys, 100, 10_000_000)
                .verify();
    }
}
