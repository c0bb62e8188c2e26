package io.nostale.relay.capture;

import io.nostale.relay.convert.ChangeConverter;
import io.nostale.relay.convert.RelayJson;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The pure conversion objects, shared by every engine run. */
@Configuration(proxyBeanMethods = false)
class CaptureConfiguration {

    @Bean
    RelayJson relayJson() {
        return new RelayJson();
    }

    @Bean
    ChangeConverter changeConverter(RelayJson relayJson) {
        return new ChangeConverter(relayJson);
    }
}
