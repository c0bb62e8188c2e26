package io.nostale.gateway.endpoint;

import io.nostale.gateway.connection.Connection;
import io.nostale.gateway.connection.Connections;
import io.nostale.gateway.subscribe.Subscriber;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The {@code /live} endpoint, as the container sees it: each socket becomes a {@link Connection} (its typed state),
 * its one text frame goes to the {@link Subscriber}, its end releases what it held. Binary frames are refused by
 * {@link TextWebSocketHandler} (close 1003).
 */
final class LiveHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(LiveHandler.class);

    private final Connections connections;
    private final Subscriber subscriber;
    private final Map<String, Connection> bySession = new ConcurrentHashMap<>();

    LiveHandler(Connections connections, Subscriber subscriber) {
        this.connections = connections;
        this.subscriber = subscriber;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        Connection connection = connections.open(session);
        bySession.put(session.getId(), connection);
        subscriber.opened(connection);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        Connection connection = bySession.get(session.getId());
        if (connection != null) {
            subscriber.frame(connection, message.getPayload());
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        log.debug("Socket {} closed: {}", session.getId(), status);
        Connection connection = bySession.remove(session.getId());
        if (connection != null) {
            connection.ended();
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("Transport error on socket {}: {}", session.getId(), exception.toString());
    }
}
