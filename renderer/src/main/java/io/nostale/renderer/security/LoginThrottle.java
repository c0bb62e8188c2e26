package io.nostale.renderer.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nostale.renderer.security.AttemptWindows.Full;
import io.nostale.renderer.security.AttemptWindows.Taken;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * Login rate limiting: at most {@code max-failures-per-username} failed sign-ins per username and
 * {@code max-failures-per-address} per client address within {@code window}; further attempts are refused (429)
 * before the password is looked at. A successful sign-in clears its username's failures; it only gives back its
 * own place in the address's window, so signing in to one's own account does not reset the address's failures.
 * In memory: each renderer instance counts on its own.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    private static final String ADMISSION = LoginThrottle.class.getName() + ".admission";
    /** Longer usernames share a key: they match no account anyway, and the key must stay small. */
    private static final int MAX_KEY_LENGTH = 256;

    /** Which limit refused a sign-in (the metric's {@code limit} tag). */
    enum Limit {
        USERNAME, ADDRESS;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The outcome of {@link #admit}. */
    sealed interface Admission {
    }

    /** The attempt may go on to the password check; it holds a place in both windows. */
    record Admitted(Taken username, Taken address) implements Admission {
    }

    record Refused(Limit limit, Duration retryAfter) implements Admission {
    }

    private final LoginThrottleProperties properties;
    private final Clock clock;
    private final AttemptWindows usernames;
    private final AttemptWindows addresses;
    private final Map<Limit, Counter> refused = new EnumMap<>(Limit.class);
    private final Counter failed;

    LoginThrottle(LoginThrottleProperties properties, Clock clock, MeterRegistry registry) {
        this.properties = properties;
        this.clock = clock;
        this.usernames = new AttemptWindows(properties.maxFailuresPerUsername(), properties.window(), properties.maxTrackedKeys());
        this.addresses = new AttemptWindows(properties.maxFailuresPerAddress(), properties.window(), properties.maxTrackedKeys());
        for (Limit limit : Limit.values()) {
            refused.put(limit, Counter.builder("nostale.renderer.login.throttled").tag("limit", limit.tag())
                    .description("sign-in attempts refused with 429 by the login rate limit").register(registry));
        }
        this.failed = Counter.builder("nostale.renderer.login.failures")
                .description("sign-in attempts that failed (wrong username or password)").register(registry);
    }

    /** Takes a place for this attempt in the username's and the address's window, or says why it may not. */
    Admission admit(String username, String address) {
        Instant now = clock.instant();
        String usernameKey = username.length() > MAX_KEY_LENGTH ? username.substring(0, MAX_KEY_LENGTH) : username;
        AttemptWindows.Take byName = usernames.take(usernameKey, now);
        if (byName instanceof Full full) {
            return refuse(Limit.USERNAME, full, username, address, properties.maxFailuresPerUsername());
        }
        AttemptWindows.Take byAddress = addresses.take(address, now);
        if (byAddress instanceof Full full) {
            usernames.giveBack((Taken) byName);
            return refuse(Limit.ADDRESS, full, username, address, properties.maxFailuresPerAddress());
        }
        return new Admitted((Taken) byName, (Taken) byAddress);
    }

    void succeeded(Admitted admitted) {
        usernames.clear(admitted.username().key());
        addresses.giveBack(admitted.address());
    }

    void failed(Admitted admitted, AuthenticationException failure) {
        if (failure instanceof InternalAuthenticationServiceException) {
            // The user store failed (database down): not the visitor's fault, so it must not count against them.
            usernames.giveBack(admitted.username());
            addresses.giveBack(admitted.address());
            return;
        }
        failed.increment();
        log.info("Sign-in failed for username {} from {}", LogText.quote(admitted.username().key()),
                admitted.address().key());
    }

    /** Wraps the form login's success handler: a sign-in clears its username's failures. */
    AuthenticationSuccessHandler onSuccess(AuthenticationSuccessHandler next) {
        return (request, response, authentication) -> {
            admission(request).ifPresent(this::succeeded);
            next.onAuthenticationSuccess(request, response, authentication);
        };
    }

    /** Wraps the form login's failure handler: a failure keeps its place in both windows. */
    AuthenticationFailureHandler onFailure(AuthenticationFailureHandler next) {
        return (request, response, exception) -> {
            admission(request).ifPresent(admitted -> failed(admitted, exception));
            next.onAuthenticationFailure(request, response, exception);
        };
    }

    void remember(HttpServletRequest request, Admitted admitted) {
        request.setAttribute(ADMISSION, admitted);
    }

    private static Optional<Admitted> admission(HttpServletRequest request) {
        return request.getAttribute(ADMISSION) instanceof Admitted admitted
                ? Optional.of(admitted) : Optional.empty();
    }

    private Refused refuse(Limit limit, Full full, String username, String address, int max) {
        refused.get(limit).increment();
        Duration retryAfter = full.retryAfter();
        log.warn("Sign-in refused (429, {} limit): limit of {} failed sign-ins per {} reached; username {}, address {};"
                + " retry after {} s", limit.tag(), max, properties.window(), LogText.quote(username), address,
                TooManySignInsPage.retryAfterSeconds(retryAfter));
        return new Refused(limit, retryAfter);
    }
}
