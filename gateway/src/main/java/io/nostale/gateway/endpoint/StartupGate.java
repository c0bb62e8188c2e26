package io.nostale.gateway.endpoint;

import io.nostale.gateway.GatewayMetrics;
import io.nostale.gateway.connection.Connections;
import io.nostale.gateway.stream.TailFollower;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Answers handshakes with {@code 503} and {@code Retry-After} until the gateway follows the change stream (it is
 * still reading its in-memory log back from Kafka after a start), and again once it shuts down. A refused handshake costs one HTTP response and no
 * socket state; had the gateway upgraded and then closed with {@code 4503}, every page of a reconnect storm would
 * hold a WebSocket session and its close grace while the gateway starts, and the start itself would starve
 * (docs/decisions.md, D17). A page sees a failed handshake as an abnormal close (1006) and resumes with backoff.
 */
final class StartupGate implements HandshakeInterceptor {

    static final String RETRY_AFTER_SECONDS = "2";

    private final TailFollower tail;
    private final Connections connections;
    private final GatewayMetrics metrics;

    StartupGate(TailFollower tail, Connections connections, GatewayMetrics metrics) {
        this.tail = tail;
        this.connections = connections;
        this.metrics = metrics;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        if (connections.isGoingAway()) {
            metrics.refused("stopping");
        } else if (tail.isFollowing()) {
            return true;
        } else {
            metrics.refused("starting");
        }
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        response.getHeaders().set("Connection", "close");
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
        // nothing to do after an accepted handshake
    }
}
