package io.nostale.renderer.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs right before the form login checks a password ({@code POST /login}, after the CSRF check): refuses the
 * attempt with 429 when {@link LoginThrottle} says so, otherwise lets it through holding its places.
 * Not a bean, so that it runs only inside the security filter chain.
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

    private static final RequestMatcher LOGIN = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login");

    private final LoginThrottle throttle;

    LoginThrottleFilter(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !LOGIN.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // The form login trims the username the same way before it looks the account up.
        String username = request.getParameter("username");
        LoginThrottle.Admission admission = throttle.admit(username == null ? "" : username.trim(), request.getRemoteAddr());
        if (admission instanceof LoginThrottle.Admitted admitted) {
            throttle.remember(request, admitted);
            chain.doFilter(request, response);
        } else {
            TooManySignInsPage.write(response, ((LoginThrottle.Refused) admission).retryAfter());
        }
    }
}
