package io.nostale.relay.kafka;

import io.nostale.relay.RelayProperties;
import io.nostale.relay.convert.RelayJson;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.stereotype.Component;

/** Opens the Kafka clients of one engine run: the topic check and the producer. */
@Component
public class ChangeTopicClients {

    private static final long LINGER_MS = 5;
    private static final int BATCH_BYTES = 512 * 1024;

    private final RelayProperties properties;
    private final RelayJson json;
    private final PublishMetrics metrics;
    private final ChangeTopic changeTopic;

    ChangeTopicClients(RelayProperties properties, RelayJson json, PublishMetrics metrics) {
        this.properties = properties;
        this.json = json;
        this.metrics = metrics;
        this.changeTopic = new ChangeTopic(properties.topic(), (short) properties.topicReplicationFactor(),
                properties.topicRetention().toMillis());
    }

    /** Creates the change topic if it is missing; throws {@code RelayMisconfiguredException} if it is unusable. */
    public void ensureChangeTopic() throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "nostale-relay-admin");
        try (Admin admin = Admin.create(config)) {
            changeTopic.ensure(admin);
        }
    }

    public ChangePublisher openPublisher() {
        long deliveryTimeout = properties.kafka().deliveryTimeout().toMillis();
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms
        long requestTimeout = Math.min(deliveryTimeout - LINGER_MS, 10_000);
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "nostale-relay");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // Every send is followed by a flush (ChangePublisher), which makes the records ready at once, so the linger
        // never delays a record: it only keeps the sender from taking the first record of a batch alone. The batch
        // holds a whole Debezium batch (max-batch-size changes of a few hundred bytes each), so one batch is one
        // request; 512 KiB stays below the broker's default message.max.bytes (1 MiB).
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) LINGER_MS);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        // see ChangePublisher: nothing behind a failed batch may reach the topic
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryTimeout);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new ChangePublisher(new KafkaProducer<>(config), properties.topic(), json, metrics);
    }
}
