package io.nostale.gateway.endpoint;

import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses WebSocket handshakes from origins not configured (cross-site WebSocket hijacking), with 403.
 *
 * <p>The header is compared as a string, never parsed: Spring's own origin check parses it as a URL and answered
 * a malformed one ({@code http://a b}) with 500 and a stack trace per request. A request without {@code Origin}
 * is not a browser page (browsers always send it on WebSocket handshakes) and still needs a valid token.
 */
final class OriginCheck implements HandshakeInterceptor {

    private static final Logger log = LoggerFactory.getLogger(OriginCheck.class);
    private static final int MAX_LOGGED = 80;

    private final Set<String> allowed;

    OriginCheck(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        String origin = request.getHeaders().getOrigin();
        if (origin == null || allowed.contains(origin)) {
            return true;
        }
        log.info("Refusing handshake from origin {} (not in allowed-origins)", printable(origin));
        response.setStatusCode(HttpStatus.FORBIDDEN);
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
        // nothing to do after an accepted handshake
    }

    private static String printable(String origin) {
        String shown = origin.length() > MAX_LOGGED ? origin.substring(0, MAX_LOGGED) + "…" : origin;
        return '"' + shown.replaceAll("[\\p{Cntrl}]", "?") + '"';
    }
}
