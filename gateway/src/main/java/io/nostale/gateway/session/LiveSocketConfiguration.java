package io.nostale.gateway.session;

import io.nostale.gateway.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** Registers {@code /live} with the configured origins and frame limits. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class LiveSocketConfiguration implements WebSocketConfigurer {

    private final LiveHandler handler;
    private final GatewayProperties properties;

    LiveSocketConfiguration(LiveHandler handler, GatewayProperties properties) {
        this.handler = handler;
        this.properties = properties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // Browsers always send Origin: a page from another site cannot ride the user's cookies or token here.
        // OriginCheck runs first and refuses every origin not configured, so Spring's own check (always installed,
        // and it parses the header as a URL) only ever sees origins it accepts.
        String[] origins = properties.allowedOrigins().toArray(String[]::new);
        registry.addHandler(handler, "/live").addInterceptors(new OriginCheck(java.util.Set.copyOf(properties.allowedOrigins())))
                .setAllowedOrigins(origins);
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(properties.maxFrameBytes());
        container.setMaxBinaryMessageBufferSize(1_024);
        container.setMaxSessionIdleTimeout(properties.heartbeatInterval().multipliedBy(6).toMillis());
        return container;
    }
}
