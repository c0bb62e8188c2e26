package io.nostale.renderer.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The answer to a throttled sign-in: 429 with {@code Retry-After} and a page that says what happened. It names
 * neither the limit nor whether the account exists, and holds no visitor-supplied text.
 */
final class TooManySignInsPage {

    private TooManySignInsPage() {
    }

    static void write(HttpServletResponse response, Duration retryAfter) throws IOException {
        long seconds = retryAfterSeconds(retryAfter);
        long minutes = (seconds + 59) / 60;
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setContentType("text/html;charset=UTF-8");
        byte[] body = html(minutes == 1 ? "a minute" : minutes + " minutes").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Whole seconds, rounded up: a client that waits this long is never refused again for the same reason. */
    static long retryAfterSeconds(Duration retryAfter) {
        return Math.max(1, retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0));
    }

    private static String html(String wait) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <link rel="stylesheet" href="/css/nostale.css">
                <title>Too many sign-in attempts · nostale</title>
                </head>
                <body>
                <main class="narrow">
                  <h1>Too many sign-in attempts</h1>
                  <p class="notice error" role="alert" data-login-throttled>Too many failed sign-ins for this username \
                or from your network. Your password was not checked. Try again in %s.</p>
                  <p><a href="/login">Back to sign in</a></p>
                </main>
                </body>
                </html>
                """.formatted(wait);
    }
}
