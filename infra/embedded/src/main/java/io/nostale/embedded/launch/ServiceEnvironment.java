package io.nostale.embedded.launch;

import java.util.LinkedHashMap;
import java.util.Map;

/** The environment each service gets: the runtime contract between the processes, in one place. */
final class ServiceEnvironment {

    private ServiceEnvironment() {
    }

    static Map<String, String> renderer(StackEndpoints stack, ProductSettings s) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", Integer.toString(s.rendererPort()));
        env.put("SPRING_DATASOURCE_URL", stack.jdbcUrl());
        env.put("SPRING_DATASOURCE_USERNAME", stack.username());
        env.put("SPRING_DATASOURCE_PASSWORD", stack.password());
        env.put("NOSTALE_RENDERER_TOKEN_KEYS", s.tokenKeys());
        env.put("NOSTALE_RENDERER_GATEWAY_URL", gatewayUrl(s));
        if (s.demoData()) {
            env.put("SPRING_PROFILES_ACTIVE", "demo");
        }
        return env;
    }

    static Map<String, String> relay(StackEndpoints stack, ProductSettings s) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", Integer.toString(s.relayPort()));
        env.put("NOSTALE_RELAY_DATABASE_HOST", stack.postgresHost());
        env.put("NOSTALE_RELAY_DATABASE_PORT", Integer.toString(stack.postgresPort()));
        env.put("NOSTALE_RELAY_DATABASE_NAME", stack.database());
        env.put("NOSTALE_RELAY_DATABASE_USER", stack.username());
        env.put("NOSTALE_RELAY_DATABASE_PASSWORD", stack.password());
        env.put("NOSTALE_RELAY_KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        return env;
    }

    static Map<String, String> gateway(StackEndpoints stack, ProductSettings s) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", Integer.toString(s.gatewayPort()));
        env.put("NOSTALE_GATEWAY_KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        env.put("NOSTALE_GATEWAY_TOKEN_KEYS", s.tokenKeys());
        env.put("NOSTALE_GATEWAY_ALLOWED_ORIGINS", rendererUrl(s));
        return env;
    }

    static String rendererUrl(ProductSettings s) {
        return "http://localhost:" + s.rendererPort();
    }

    static String gatewayUrl(ProductSettings s) {
        return "ws://localhost:" + s.gatewayPort() + "/live";
    }
}
