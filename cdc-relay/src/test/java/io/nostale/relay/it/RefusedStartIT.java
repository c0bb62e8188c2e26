package io.nostale.relay.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.embedded.EmbeddedStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * The relay as a process refuses to run on a change topic that is not what the stream needs, and on settings out of
 * their bounds: it exits non-zero at start with one line naming the setting, no stack trace, no retry loop. Each case
 * has a topic and slot of its own; the shared stream is not touched.
 */
class RefusedStartIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void aTopicWithBrokerTimestampsIsRefusedWithExitCode1() throws Exception {
        String topic = "refused-start-it.log-append-time." + UUID.randomUUID();
        create(new NewTopic(topic, 1, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime")));

        List<String> log = refusedWithExitCode1(topic, "refused_log_append");

        assertThat(linesNaming(log, "message.timestamp.type")).singleElement().asString()
                .contains("Refusing to run: change topic '" + topic + "': message.timestamp.type is LogAppendTime,"
                        + " must be CreateTime");
    }

    @Test
    void aTopicWithTwoPartitionsIsRefusedWithExitCode1() throws Exception {
        String topic = "refused-start-it.two-partitions." + UUID.randomUUID();
        create(new NewTopic(topic, 2, (short) 1));

        List<String> log = refusedWithExitCode1(topic, "refused_partitions");

        assertThat(linesNaming(log, "partitions is 2")).singleElement().asString()
                .contains("Refusing to run: change topic '" + topic + "': partitions is 2, must be 1");
    }

    @Test
    void settingsOutOfBoundsStopTheStartNamingEachInOneLine() throws Exception {
        try (RelayProcess relay = RelayProcess.start("refused-start-it-settings", "refused-start-it.settings",
                "refused_settings", "--nostale.relay.kafka.delivery-timeout=0s",
                "--nostale.relay.restart.initial-backoff=1m", "--nostale.relay.restart.max-backoff=30s")) {
            OptionalInt exit = relay.awaitExit(PATIENCE);
            List<String> log = relay.logLines();

            assertThat(exit).as("exit code; log: %s", log).isPresent();
            assertThat(exit.getAsInt()).isNotZero();
            assertThat(log).anyMatch(line -> line.contains("APPLICATION FAILED TO START"));
            assertThat(linesNaming(log, "nostale.relay.kafka.delivery-timeout (0s)")).singleElement().asString()
                    .startsWith("The relay cannot start: ")
                    .contains("nostale.relay.restart.initial-backoff (1m) must be at most"
                            + " nostale.relay.restart.max-backoff (30s)");
            assertNoStackTrace(log);
        }
    }

    private static List<String> refusedWithExitCode1(String topic, String slot) throws Exception {
        try (RelayProcess relay = RelayProcess.start("refused-start-it-" + slot, topic, slot)) {
            OptionalInt exit = relay.awaitExit(PATIENCE);
            List<String> log = relay.logLines();
            assertThat(exit).as("the relay exits on its own; log: %s", log).hasValue(1);
            assertNoStackTrace(log);
            assertThat(linesNaming(log, "Change capture stopped")).as("no restart loop").isEmpty();
            return log;
        }
    }

    private static List<String> linesNaming(List<String> log, String text) {
        return log.stream().filter(line -> line.contains(text)).toList();
    }

    private static void assertNoStackTrace(List<String> log) {
        assertThat(log).noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by:"));
    }

    private static void create(NewTopic topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedStack.shared().kafkaBootstrapServers()))) {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
    }
}
