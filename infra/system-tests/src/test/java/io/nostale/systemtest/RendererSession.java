package io.nostale.systemtest;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A logged-in visitor of the renderer over real HTTP (cookies, CSRF token, form login). */
public final class RendererSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

    private final String baseUrl;
    private final HttpClient http;

    private RendererSession(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static RendererSession login(String baseUrl, String username, String password) throws IOException, InterruptedException {
        RendererSession session = new RendererSession(baseUrl);
        String loginPage = session.get("/login").body();
        HttpResponse<String> response = session.postForm("/login", csrf(loginPage),
                Map.of("username", username, "password", password));
        if (response.uri().getPath().startsWith("/login")) {
            throw new AssertionError("login failed for " + username + ": ended at " + response.uri());
        }
        return session;
    }

    public RenderedHome home() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET / answered " + response.statusCode());
        }
        return RenderedHome.parse(response.body());
    }

    /** Submits a form found on {@code pagePath} (for its CSRF token) to {@code action}. */
    HttpResponse<String> submit(String pagePath, String action) throws IOException, InterruptedException {
        return postForm(action, csrf(get(pagePath).body()), Map.of());
    }

    /** A room page ({@code /rooms/{id}}) as served now, parsed by its DOM hooks. */
    public RenderedRoom room(long roomId) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/rooms/" + roomId);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /rooms/" + roomId + " answered " + response.statusCode());
        }
        return RenderedRoom.parse(response.body());
    }

    /** Submits a form with fields, found on {@code pagePath} (for its CSRF token), to {@code action}. */
    HttpResponse<String> submit(String pagePath, String action, Map<String, String> fields) throws IOException, InterruptedException {
        return postForm(action, csrf(get(pagePath).body()), fields);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postForm(String path, String csrf, Map<String, String> fields) throws IOException, InterruptedException {
        String body = fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "_csrf=" + encode(csrf) + (fields.isEmpty() ? "" : "&"), ""));
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(String html) {
        Matcher matcher = CSRF.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("no CSRF token in page");
        }
        return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
