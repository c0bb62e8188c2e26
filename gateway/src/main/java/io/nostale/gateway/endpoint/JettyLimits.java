package io.nostale.gateway.endpoint;

import io.nostale.gateway.subscribe.Capacity;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Jetty's side of the gateway's capacity. Sockets up to {@code max-connections} are accepted and those beyond it are
 * told {@code unavailable} by the gateway itself ({@link Capacity}); a further margin above that lets such refusals
 * through, and past it Jetty stops accepting (connections wait in the kernel's queue), so a flood can never use up
 * the process's open files. A deep accept queue keeps a reconnect storm of thousands of pages from being reset.
 */
@Component
class JettyLimits implements WebServerFactoryCustomizer<JettyServletWebServerFactory> {

    /** Sockets accepted above the capacity, only to be refused with a reason. */
    static final int REFUSAL_MARGIN = 256;
    static final int ACCEPT_QUEUE = 4_096;

    private final Capacity capacity;

    JettyLimits(Capacity capacity) {
        this.capacity = capacity;
    }

    @Override
    public void customize(JettyServletWebServerFactory factory) {
        factory.addServerCustomizers(server -> {
            for (var connector : server.getConnectors()) {
                if (connector instanceof ServerConnector serverConnector) {
                    serverConnector.setAcceptQueueSize(ACCEPT_QUEUE);
                }
            }
            server.addBean(new NetworkConnectionLimit(capacity.maxConnections() + REFUSAL_MARGIN, server));
        });
    }
}
