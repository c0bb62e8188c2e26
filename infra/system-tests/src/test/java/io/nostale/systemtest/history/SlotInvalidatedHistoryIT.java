package io.nostale.systemtest.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.embedded.EmbeddedStack;
import io.nostale.embedded.StackSettings;
import io.nostale.embedded.launch.Product;
import io.nostale.embedded.launch.ProductSettings;
import io.nostale.systemtest.SystemUnderTest;
import io.nostale.systemtest.history.HistoryRun.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A generated history in which the replication slot is invalidated while pages are open (docs/guarantees.md). It
 * lowers the server's {@code max_slot_wal_keep_size} and loses a slot, so it runs on a stack and a product of its own
 * ({@code target/slot-history-stack}): the shared ones of the other tests never notice.
 */
class SlotInvalidatedHistoryIT {

    private static EmbeddedStack stack;
    private static Product product;

    @BeforeAll
    static void startOwnStackAndProduct() throws IOException {
        Path dir = Path.of("target", "slot-history-stack").toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        stack = EmbeddedStack.start(StackSettings.freePorts(dir));
        product = Product.start(stack, ProductSettings.withFreePorts(SystemUnderTest.projectDir(), false,
                Path.of("target", "slot-history-service-logs")).withExtraEnv(Map.of(
                        "NOSTALE_RELAY_OFFSETS_FLUSH_INTERVAL", "1h", "NOSTALE_RELAY_RESTART_MAX_BACKOFF", "2s")));
    }

    @AfterAll
    static void stopOwnStackAndProduct() {
        try {
            if (product != null) {
                product.close();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Test
    void slotInvalidatedWhilePagesAreOpen() throws Exception {
        HistoryRun.Settings settings = HistoryRun.Settings.fromProperties(40, 600, Duration.ofSeconds(10));
        HistoryRun.Result result = new HistoryRun(SystemUnderTest.of(stack, product), settings,
                Set.of(Fault.SLOT_INVALIDATED)).run();
        assertThat(result.violations()).as(result.report()).isEmpty();
        assertThat(result.checker().faults(Fault.SLOT_INVALIDATED.name())).as(result.report()).isEqualTo(1);
        assertThat(result.checker().count0("replication slots invalidated")).as(result.report()).isEqualTo(1);
        assertThat(result.checker().resyncs("stream-reset")).as("open pages told stream-reset\n" + result.report())
                .isPositive();
    }
}
