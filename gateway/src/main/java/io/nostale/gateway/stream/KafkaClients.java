package io.nostale.gateway.stream;

import io.nostale.gateway.GatewayProperties;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.stereotype.Component;

/**
 * Creates the gateway's Kafka clients. Consumers never join a group: the gateway assigns the single partition
 * and seeks, so starting or stopping a connection never triggers a rebalance.
 */
@Component
public class KafkaClients {

    private final GatewayProperties properties;

    KafkaClients(GatewayProperties properties) {
        this.properties = properties;
    }

    public KafkaConsumer<String, String> consumer(String clientId, int maxPollRecords) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafkaBootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) properties.brokerTimeout().toMillis(),
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) properties.brokerTimeout().toMillis()),
                new StringDeserializer(), new StringDeserializer());
    }

    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafkaBootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "nostale-gateway-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) properties.brokerTimeout().toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) properties.brokerTimeout().toMillis()));
    }
}
