package io.nostale.gateway.endpoint;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * No HTTP request observation for the {@code /live} handshake. An upgraded request never completes as an HTTP
 * request, so its observation would stay active for the socket's whole life, held by the active-requests timer,
 * and with it the whole HTTP request of the handshake (its connection, parser, servlet request, headers): about
 * 10 KB of heap per open socket, measured (docs/benchmarks.md).
 */
@Configuration(proxyBeanMethods = false)
class NoRequestObservation {

    @Bean
    ObservationPredicate noObservationOfLiveSockets() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && request.getCarrier() != null && "/live".equals(request.getCarrier().getRequestURI()));
    }
}
