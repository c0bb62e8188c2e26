package io.nostale.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedStackIT {

    private final EmbeddedStack stack = EmbeddedStack.shared();

    @Test
    void keepsPostgresAndKafkaDataAcrossRestarts() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE survivor (id bigint PRIMARY KEY, note text NOT NULL)");
            s.execute("INSERT INTO survivor VALUES (1, 'written before the restarts')");
        }
        createTopic("stack-it", 1);
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("stack-it", "k1", "v1")).get(10, TimeUnit.SECONDS);
        }
        assertThat(consumeAll("stack-it")).containsExactly("k1=v1");

        stack.restartKafka();
        stack.restartPostgres();

        assertThat(consumeAll("stack-it")).containsExactly("k1=v1");
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT note FROM survivor WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("written before the restarts");
        }
    }

    @Test
    void runsPostgresReadyForLogicalReplicationWithDurableCommits() throws Exception {
        assertThat(setting("wal_level")).isEqualTo("logical");
        // durable: a commit waits for its local WAL flush; only sessions that ask wait for a synchronous standby
        assertThat(setting("synchronous_commit")).isEqualTo("local");
        assertThat(setting("max_slot_wal_keep_size")).as("a lost relay cannot fill the disk").isEqualTo("4GB");
        assertThat(setting("fsync")).isEqualTo("on");
        assertThat(setting("unix_socket_directories")).isEmpty();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT rolsuper, rolreplication FROM pg_roles WHERE rolname = current_user")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).as("superuser").isTrue();
            assertThat(rs.getBoolean(2)).as("replication").isTrue();
        }
    }

    @Test
    void refusesAWrongPasswordOverTcp() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> DriverManager.getConnection(stack.jdbcUrl(), stack.username(), "wrong").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void exposesTheConnectionDetailsOfTheStack() {
        assertThat(stack.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:" + stack.postgresPort() + "/nostale");
        assertThat(stack.kafkaBootstrapServers()).isEqualTo("localhost:" + stack.settings().kafkaPort());
        assertThat(stack.settings().dataDir()).endsWith(java.nio.file.Path.of("target", "embedded-stack"));
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.username(), stack.password());
    }

    private String setting(String name) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** Reads the single partition from the start to its end offset, without a consumer group. */
    private List<String> consumeAll(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            long end = consumer.endOffsets(Set.of(partition), Duration.ofSeconds(30)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition, Duration.ofSeconds(30)) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.key() + "=" + r.value());
                }
            }
        }
        return values;
    }
}
