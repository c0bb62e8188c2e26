package io.nostale.gateway.connection;

import java.lang.reflect.Field;
import org.eclipse.jetty.websocket.common.JettyWebSocketFrameHandler;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the handshake's HTTP request go once a socket is open. Jetty keeps the upgrade request and response of every
 * WebSocket session for {@code Session.getUpgradeRequest()}; their header copies still point (through a listener of
 * the original header fields) at the HTTP connection of the handshake, and with it its parser, servlet request and
 * response, channel state and buffers: about 10 KB of heap per open socket, measured with a heap dump of 1,000
 * sockets (docs/benchmarks.md). The gateway needs nothing of the handshake after the socket opened (Spring's session
 * has copied the URI and headers by then), so the references are cleared.
 *
 * <p>Jetty offers no API for it: the session's copies are private final fields, cleared by reflection. If a Jetty
 * version renames them, the gateway says so once and goes on with the heavier sockets; {@code HandshakeReleaseTest}
 * fails on such a version.
 */
final class HandshakeRelease {

    private static final Logger log = LoggerFactory.getLogger(HandshakeRelease.class);
    private static final Field REQUEST = field("upgradeRequest");
    private static final Field RESPONSE = field("upgradeResponse");
    private static volatile boolean warned;

    private HandshakeRelease() {
    }

    /** True when both the session and its frame handler no longer hold the handshake. */
    static boolean release(WebSocketSession session, JettyWebSocketFrameHandler frameHandler) {
        frameHandler.setUpgradeRequest(null);
        frameHandler.setUpgradeResponse(null);
        if (REQUEST == null || RESPONSE == null) {
            return false;
        }
        try {
            REQUEST.set(session, null);
            RESPONSE.set(session, null);
            return true;
        } catch (IllegalAccessException | RuntimeException e) {
            warnOnce(e.toString());
            return false;
        }
    }

    static boolean available() {
        return REQUEST != null && RESPONSE != null;
    }

    private static Field field(String name) {
        try {
            Field field = WebSocketSession.class.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            warnOnce(e.toString());
            return null;
        }
    }

    private static void warnOnce(String why) {
        if (!warned) {
            warned = true;
            log.warn("Cannot release WebSocket handshakes after opening ({}); each open socket keeps its handshake's"
                    + " HTTP request, about 10 KB of heap", why);
        }
    }
}
