package io.nostale.systemtest.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A visitor of the renderer whose connections come from another loopback address (127.x.y.z are all local on
 * Linux), so that the per-address login limit it runs into is its own and not that of every other test in this
 * JVM (127.0.0.1). Plain HTTP/1.0 over a socket bound to that address: the JDK's HttpClient cannot choose its
 * source address on Java 17.
 */
final class FromAddress {

    private static final Pattern SESSION = Pattern.compile("(?i)^set-cookie:\\s*(JSESSIONID=[^;]+)");

    private final InetAddress source;
    private final int port;
    private String cookie = "";

    FromAddress(String sourceAddress, int port) throws IOException {
        this.source = InetAddress.getByName(sourceAddress);
        this.port = port;
    }

    record Response(int status, List<String> headers, String body) {

        Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).trim()).findFirst();
        }
    }

    /**
     * Fetches the login form and posts the credentials with its CSRF token; {@code forwardedFor} is sent as
     * {@code X-Forwarded-For}, a header the renderer must not believe unless configured to.
     */
    Response login(String username, String password, String forwardedFor) throws IOException {
        String csrf = WebVisitor.csrf(send("GET", "/login", "", forwardedFor).body());
        String form = Map.of("username", username, "password", password, "_csrf", csrf).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send("POST", "/login", form, forwardedFor);
    }

    private Response send(String method, String path, String form, String forwardedFor) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(30_000);
            byte[] body = form.getBytes(StandardCharsets.US_ASCII);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.0\r\nHost: localhost:" + port + "\r\n");
            if (!cookie.isEmpty()) {
                request.append("Cookie: ").append(cookie).append("\r\n");
            }
            if (!forwardedFor.isEmpty()) {
                request.append("X-Forwarded-For: ").append(forwardedFor).append("\r\n");
            }
            if (body.length > 0) {
                request.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return parse(readAll(socket.getInputStream()));
        }
    }

    private Response parse(String raw) {
        int split = raw.indexOf("\r\n\r\n");
        String[] head = raw.substring(0, split < 0 ? raw.length() : split).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        List<String> headers = new ArrayList<>(List.of(head).subList(1, head.length));
        for (String header : headers) {
            Matcher session = SESSION.matcher(header);
            if (session.find()) {
                cookie = session.group(1);
            }
        }
        return new Response(status, headers, split < 0 ? "" : raw.substring(split + 4));
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
