package io.nostale.renderer.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One browser (cookies, CSRF field) behind the TLS proxy that {@link BehindTlsProxy} configures: every request
 * carries the client address {@code clientAddress} and the scheme {@code scheme} as the proxy's headers.
 */
final class ProxiedVisitor {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final String clientAddress;
    private final String scheme;
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    ProxiedVisitor(int port, String clientAddress, String scheme) {
        this.base = "http://localhost:" + port;
        this.clientAddress = clientAddress;
        this.scheme = scheme;
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    /** The login form is fetched first (for the session and its CSRF token), then posted. */
    HttpResponse<String> login(String username, String password) {
        Matcher csrf = CSRF.matcher(get("/login").body());
        if (!csrf.find()) {
            throw new AssertionError("the login page has no CSRF field");
        }
        return postForm("/login", Map.of("username", username, "password", password, "_csrf", csrf.group(1)));
    }

    HttpResponse<String> postForm(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static boolean acceptedSignIn(HttpResponse<String> login) {
        return login.statusCode() == 302 && !login.headers().firstValue("Location").orElse("").contains("/login");
    }

    static boolean refusedAsWrong(HttpResponse<String> login) {
        return login.statusCode() == 302 && login.headers().firstValue("Location").orElse("").endsWith("/login?error");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("X-Forwarded-For", clientAddress)
                .header("X-Forwarded-Proto", scheme);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
