package io.nostale.renderer.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

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
@Validated
@ConfigurationProperties("nostale.renderer.login-throttle")
record LoginThrottleProperties(
        @Min(1) @Max(1_000) int maxFailuresPerUsername,
        @Min(1) @Max(100_000) int maxFailuresPerAddress,
        @NotNull @DurationMin(seconds = 1) @DurationMax(days = 1) Duration window,
        @Min(100) @Max(10_000_000) int maxTrackedKeys) {
}
