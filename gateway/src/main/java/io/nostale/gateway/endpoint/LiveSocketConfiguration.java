package io.nostale.gateway.endpoint;

import io.nostale.gateway.GatewayMetrics;
import io.nostale.gateway.GatewayProperties;
import io.nostale.gateway.connection.Connections;
import io.nostale.gateway.stream.TailFollower;
import io.nostale.gateway.subscribe.Subscriber;
import java.time.Duration;
import java.util.Set;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.jetty.JettyRequestUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Registers {@code /live} with the configured origins on Jetty's WebSocket container, with limits that cost nothing
 * per idle socket: Jetty takes read and write buffers from a shared pool only while a socket reads or writes, and
 * its text-message limit is a limit, not a buffer allocated up front (docs/decisions.md, D17).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class LiveSocketConfiguration implements WebSocketConfigurer {

    private final GatewayProperties properties;
    private final Connections connections;
    private final Subscriber subscriber;
    private final TailFollower tail;
    private final GatewayMetrics metrics;

    LiveSocketConfiguration(GatewayProperties properties, Connections connections, Subscriber subscriber,
            TailFollower tail, GatewayMetrics metrics) {
        this.properties = properties;
        this.connections = connections;
        this.subscriber = subscriber;
        this.tail = tail;
        this.metrics = metrics;
    }

    /**
     * Jetty closes a socket on which nothing moved for this long, cutting any frame on its way. Quiet sockets get
     * heartbeats, so only a stalled client gets there; it must first have had its send time limit and close grace,
     * in which it still receives its frames whole and its resync.
     */
    static Duration idleTimeout(GatewayProperties properties) {
        Duration stalled = properties.sendTimeLimit().plus(properties.closeGrace());
        Duration quiet = properties.heartbeatInterval().multipliedBy(6);
        return (stalled.compareTo(quiet) > 0 ? stalled : quiet).plusSeconds(5);
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // Browsers always send Origin: a page from another site cannot ride the user's cookies or token here.
        // OriginCheck runs first and refuses every origin not configured, so Spring's own check (always installed,
        // and it parses the header as a URL) only ever sees origins it accepts. StartupGate then refuses every
        // handshake until the change stream is followed.
        JettyRequestUpgradeStrategy jetty = new JettyRequestUpgradeStrategy();
        jetty.addWebSocketConfigurer(container -> {
            container.setIdleTimeout(idleTimeout(properties));
            container.setMaxTextMessageSize(properties.maxFrameBytes());
            container.setMaxBinaryMessageSize(1_024);
            container.setMaxFrameSize(properties.maxFrameBytes());
        });
        registry.addHandler(new LiveHandler(connections, subscriber), "/live")
                .setHandshakeHandler(new DefaultHandshakeHandler(jetty))
                .addInterceptors(new OriginCheck(Set.copyOf(properties.allowedOrigins())),
                        new StartupGate(tail, connections, metrics))
                .setAllowedOrigins(properties.allowedOrigins().toArray(String[]::new));
    }
}
