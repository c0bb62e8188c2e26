package io.nostale.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.embedded.Prometheus;
import io.nostale.wire.XidSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Many pages replaying the same history from below the in-memory log at once, as after a gateway restart, on the real
 * gateway and Kafka: most of the replay comes from Kafka in chunks the pages share, and every page still gets exactly
 * its own changes, each once, in order, then {@code caught-up}.
 */
class DeepReplayIT {

    private static final int USERS = 20;
    private static final int CHANGES_PER_USER = 150;
    /** Read back from the Prometheus page, as an operator would. */
    private static final String RECORDS_READ = "nostale_gateway_catchup_records_read_total";

    @Test
    void pagesReplayingFromKafkaTogetherEachGetExactlyTheirChangesInOrder() throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start("deep-replay-it.changes",
                "--nostale.gateway.log-capacity=1000", "--nostale.gateway.catch-up-batch=100")) {
            Map<Long, List<Long>> expected = writeHistory(gateway);
            replayAll(gateway, expected, 2);
        }
    }

    /**
     * A reconnect storm: 200 pages resume from the same point at once. They share passes over the history, so the
     * records read grow with the history, not with history times pages; read page by page this would be 200 reads
     * of each record, and with thousands of pages none would ever catch up.
     */
    @Test
    void aReconnectStormSharesPassesOverTheHistory() throws Exception {
        // Opening 200 sockets one by one on a busy machine takes longer than the default subscribe timeout.
        try (GatewayHarness gateway = GatewayHarness.start("replay-storm-it.changes", "--nostale.gateway.log-capacity=1000",
                "--nostale.gateway.catch-up-batch=100", "--nostale.gateway.subscribe-timeout=300s")) {
            Map<Long, List<Long>> expected = writeHistory(gateway);
            double readBefore = gateway.prometheus().value(RECORDS_READ);
            int pages = replayAll(gateway, expected, 10);
            Prometheus after = gateway.prometheus();
            double read = after.value(RECORDS_READ) - readBefore;
            assertThat(after.value("nostale_gateway_catchup_sweeps")).as("every page caught up: no pass running")
                    .isZero();
            int history = USERS * CHANGES_PER_USER;
            // Page by page would be 200 reads of each record. Shared passes read each a few times: more when a busy
            // machine spreads the burst of subscribes over time (26 per record seen with another build on both cores).
            assertThat(read).as("history records read for %d pages replaying %d records", pages, history)
                    .isPositive().isLessThan(pages * (double) history / 5);
        }
    }

    /** 3,000 records, the log holds 1,000: two thirds of every replay are read from Kafka. */
    private static Map<Long, List<Long>> writeHistory(GatewayHarness gateway) throws Exception {
        Map<Long, List<Future<RecordMetadata>>> sent = new HashMap<>();
        for (int i = 0; i < USERS * CHANGES_PER_USER; i++) {
            long user = 1_000 + i % USERS;
            sent.computeIfAbsent(user, u -> new ArrayList<>()).add(gateway.changeWith(10_000 + i, user, ""));
        }
        Map<Long, List<Long>> expected = new HashMap<>();
        for (Map.Entry<Long, List<Future<RecordMetadata>>> user : sent.entrySet()) {
            List<Long> offsets = new ArrayList<>();
            for (Future<RecordMetadata> ack : user.getValue()) {
                offsets.add(ack.get(30, TimeUnit.SECONDS).offset());
            }
            expected.put(user.getKey(), offsets);
        }
        return expected;
    }

    /**
     * Renders every page first (its token and timepoint), then opens every socket, then subscribes them all in one
     * burst, as pages reconnecting after a restart do; returns how many pages replayed.
     */
    private static int replayAll(GatewayHarness gateway, Map<Long, List<Long>> expected, int pagesPerUser)
            throws Exception {
        List<String> subscribes = new ArrayList<>();
        List<Long> owners = new ArrayList<>();
        for (long user = 1_000; user < 1_000 + USERS; user++) {
            for (int p = 0; p < pagesPerUser; p++) {
                subscribes.add(gateway.page(user, XidSnapshot.of(10_000, 10_000)).subscribeFrame());
                owners.add(user);
            }
        }
        List<LiveClient> pages = new ArrayList<>();
        try {
            for (int i = 0; i < subscribes.size(); i++) {
                pages.add(LiveClient.connect(gateway.live(), GatewayHarness.ORIGIN));
            }
            for (int i = 0; i < pages.size(); i++) {
                pages.get(i).send(subscribes.get(i));
            }
            for (int i = 0; i < pages.size(); i++) {
                assertThat(changesUntilCaughtUp(pages.get(i))).as("page %d of user %d", i, owners.get(i))
                        .containsExactlyElementsOf(expected.get(owners.get(i)));
            }
            return pages.size();
        } finally {
            pages.forEach(LiveClient::close);
        }
    }

    private static List<Long> changesUntilCaughtUp(LiveClient page) throws InterruptedException {
        List<Long> offsets = new ArrayList<>();
        while (true) {
            JsonNode frame = page.nextContent();
            String type = frame.path("type").asString();
            if ("caught-up".equals(type)) {
                return offsets;
            }
            assertThat(type).as(frame.toString()).isEqualTo("change");
            offsets.add(frame.path("offset").asLong());
        }
    }
}
