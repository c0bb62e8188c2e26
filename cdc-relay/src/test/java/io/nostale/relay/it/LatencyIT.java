package io.nostale.relay.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures commit → Kafka consumer latency of single-row commits and logs it. Nothing is asserted about time:
 * performance belongs in benchmarks; this shows the configuration (poll.interval.ms, linger.ms) in a real run.
 */
class LatencyIT {

    private static final Logger log = LoggerFactory.getLogger(LatencyIT.class);
    private static final int WARM_UP = 20;
    private static final int COMMITS = 200;

    @Test
    void singleRowCommitsReachKafkaQuickly() throws Exception {
        long author = RelayHarness.user("latency-author");
        String run = UUID.randomUUID().toString();
        ConfigurableApplicationContext relay = RelayHarness.startRelay();
        try (TopicTail tail = RelayHarness.tail(); Connection connection = RelayHarness.connect()) {
            long room = RelayHarness.insertRoom(connection, "latency " + run, author);
            double[] millis = new double[COMMITS];
            try (PreparedStatement post = connection.prepareStatement(
                    "INSERT INTO chat_message (room_id, author_id, body) VALUES (?, ?, ?)")) {
                for (int i = 0; i < WARM_UP + COMMITS; i++) {
                    String body = run + " " + i;
                    post.setLong(1, room);
                    post.setLong(2, author);
                    post.setString(3, body);
                    post.executeUpdate(); // autocommit: returns once the commit is durable and visible
                    long committed = System.nanoTime();
                    Relayed record = tail.await(candidate -> candidate.isChangeOf("chat_message")
                            && body.equals(candidate.event().after().get("body")), 1).get(0);
                    if (i >= WARM_UP) {
                        millis[i - WARM_UP] = (record.receivedNanos() - committed) / 1_000_000.0;
                    }
                }
            }
            Arrays.sort(millis);
            log.info("commit -> Kafka consumer latency over {} single-row commits: p50 {} ms, p90 {} ms, p99 {} ms, "
                            + "max {} ms", COMMITS, format(millis, 0.50), format(millis, 0.90), format(millis, 0.99),
                    String.format("%.1f", millis[COMMITS - 1]));
            assertThat(millis[0]).isGreaterThanOrEqualTo(0);
        }
        finally {
            relay.close();
        }
    }

    private static String format(double[] sorted, double quantile) {
        return String.format("%.1f", sorted[(int) Math.ceil(quantile * sorted.length) - 1]);
    }
}
