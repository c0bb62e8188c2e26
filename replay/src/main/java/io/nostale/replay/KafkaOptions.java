package io.nostale.replay;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the change history is: the embedded stack's Kafka by default; any cluster, with any client setting. */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOSTS", defaultValue = "${NOSTALE_REPLAY_KAFKA_BOOTSTRAP_SERVERS:-localhost:19092}",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}; env NOSTALE_REPLAY_KAFKA_BOOTSTRAP_SERVERS)")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "${NOSTALE_REPLAY_TOPIC:-nostale.changes}",
            description = "the change topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "any Kafka consumer setting, e.g. security.protocol=SASL_SSL (repeatable)")
    Map<String, String> properties = new LinkedHashMap<>();

    /** How long the broker has to answer a request before the tool gives up with one line. */
    static final int ANSWER_MILLIS = 10_000;

    Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(properties);
        config.put("bootstrap.servers", bootstrapServers);
        config.put("enable.auto.commit", "false");
        config.put("allow.auto.create.topics", "false"); // a mistyped --topic must not create one
        config.putIfAbsent("client.id", "nostale-replay");
        config.putIfAbsent("default.api.timeout.ms", Integer.toString(ANSWER_MILLIS));
        config.putIfAbsent("request.timeout.ms", Integer.toString(ANSWER_MILLIS));
        config.putIfAbsent("max.partition.fetch.bytes", Integer.toString(8 * 1024 * 1024));
        return config;
    }
}
