package io.nostale.embedded.launch;

import java.util.LinkedHashMap;
import java.util.Map;

/** The environment each service gets: the runtime contract between the processes, in one place. */
final class ServiceEnvironment {

    /** What makes a relay's stream its own, with cdc-relay's defaults (its application.yml). */
    private static final Map<String, String> RELAY_STREAM_DEFAULTS = Map.of("NOSTALE_RELAY_SLOT", "nostale",
            "NOSTALE_RELAY_TOPIC", "nostale.changes", "NOSTALE_RELAY_OFFSETS_TOPIC", "nostale.relay.offsets");

    private ServiceEnvironment() {
    }

    static Map<String, String> renderer(StackEndpoints stack, ProductSettings s) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", Integer.toString(s.rendererPort()));
        env.put("MANAGEMENT_SERVER_PORT", Integer.toString(s.rendererManagementPort()));
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
        // The relay's one port is its management port; SERVER_PORT too, for relay builds from before it had one
        // (LatencyBenchmark runs other builds beside this one).
        env.put("SERVER_PORT", Integer.toString(s.relayPort()));
        env.put("MANAGEMENT_SERVER_PORT", Integer.toString(s.relayPort()));
        env.put("NOSTALE_RELAY_DATABASE_HOST", stack.postgresHost());
        env.put("NOSTALE_RELAY_DATABASE_PORT", Integer.toString(stack.postgresPort()));
        env.put("NOSTALE_RELAY_DATABASE_NAME", stack.database());
        env.put("NOSTALE_RELAY_DATABASE_USER", stack.username());
        env.put("NOSTALE_RELAY_DATABASE_PASSWORD", stack.password());
        env.put("NOSTALE_RELAY_KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        return env;
    }

    /**
     * A second relay on the same stack ({@link Product#relayAlongside}): the relay's environment with the product's
     * extra environment, then {@code own}, on {@code port}. {@code own} must name a slot, a change topic and an
     * offsets topic: on the product's, the two relays would take each other's slot and write into each other's stream.
     */
    static Map<String, String> relayAlongside(StackEndpoints stack, ProductSettings s, int port, Map<String, String> own) {
        for (Map.Entry<String, String> stream : RELAY_STREAM_DEFAULTS.entrySet()) {
            String key = stream.getKey();
            String value = own.get(key);
            if (value == null || value.equals(s.extraEnv().getOrDefault(key, stream.getValue()))) {
                throw new IllegalArgumentException("a relay beside the product's needs its own " + key);
            }
        }
        Map<String, String> env = relay(stack, s);
        env.putAll(s.extraEnv());
        env.putAll(own);
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("MANAGEMENT_SERVER_PORT", Integer.toString(port));
        return env;
    }

    static Map<String, String> gateway(StackEndpoints stack, ProductSettings s) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", Integer.toString(s.gatewayPort()));
        env.put("MANAGEMENT_SERVER_PORT", Integer.toString(s.gatewayManagementPort()));
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
