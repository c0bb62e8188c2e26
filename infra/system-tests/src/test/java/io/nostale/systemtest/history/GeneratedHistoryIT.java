package io.nostale.systemtest.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.systemtest.SystemUnderTest;
import io.nostale.systemtest.history.HistoryRun.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The guarantees (docs/guarantees.md) as evidence (CI slice): generated concurrent histories on the real product,
 * every page visit
 * checked against a fresh render. Each scenario also drops sockets at random (mid-replay and live) and adds one
 * fault of its own; the last one injects them all in one run. Sizes are CI-sized; -Dhistory.visits /
 * -Dhistory.changes / -Dhistory.seed scale and replay a run (docs/guarantees.md).
 */
class GeneratedHistoryIT {

    private final SystemUnderTest sut = SystemUnderTest.get();

    @Test
    void socketsDroppedMidReplayAndLive() throws Exception {
        run(Set.of(), 75, 1000, 12);
    }

    @Test
    void relayKilledAbruptlyAndRestarted() throws Exception {
        run(Set.of(Fault.RELAY_KILL), 75, 1000, 12);
    }

    @Test
    void gatewayRestartedWhilePagesAreConnected() throws Exception {
        run(Set.of(Fault.GATEWAY_RESTART), 75, 1000, 12);
    }

    @Test
    void kafkaRestarted() throws Exception {
        run(Set.of(Fault.KAFKA_RESTART), 75, 1000, 12);
    }

    @Test
    void postgresRestarted() throws Exception {
        run(Set.of(Fault.POSTGRES_RESTART), 40, 600, 10);
    }

    /** Commits held in WAL but invisible (synchronous standby that never answers) while pages render. */
    @Test
    void walVersusVisibilityRaceForced() throws Exception {
        List<HistoryRun.Result> results = run(Set.of(Fault.VISIBILITY_RACE), 40, 600, 10);
        assertThat(sum(results, r -> r.checker().count0(FaultInjector.RACE_RENDERS))).as("renders in the race window\n"
                + reports(results)).isGreaterThanOrEqualTo(3L * results.size());
    }

    /**
     * Live pages stop reading while big frames arrive: the gateway drops them (resync {@code slow-client}, close
     * 4409, delivered once they read again) and each reloads into a correct page.
     */
    @Test
    void slowClientsDroppedAndReloaded() throws Exception {
        List<HistoryRun.Result> results = run(Set.of(Fault.SLOW_CLIENT), 40, 600, 10);
        assertThat(sum(results, r -> r.checker().resyncs("slow-client"))).as("slow-client resyncs\n" + reports(results))
                .isGreaterThanOrEqualTo(results.size());
    }

    /**
     * {@code TRUNCATE} of messages (home pages do not show them: none may be disturbed), then of messages and join
     * requests in one statement: every page read before it that reaches it is told {@code resync truncated} (4409) and
     * reloads into a correct page (the checker's truncate rule, {@link HistoryChecker#checkTruncates}).
     */
    @Test
    void tablesTruncatedWhilePagesAreOpen() throws Exception {
        List<HistoryRun.Result> results = run(Set.of(Fault.TRUNCATE), 40, 600, 10);
        assertThat(sum(results, r -> r.checker().resyncs("truncated"))).as("truncated resyncs\n" + reports(results))
                .isGreaterThanOrEqualTo(results.size());
        assertThat(sum(results, r -> r.checker().count0("renders read before a truncate of a table they show")))
                .as("renders the truncate check judged\n" + reports(results)).isGreaterThanOrEqualTo(results.size());
    }

    /**
     * The edges stand still or hold back: capture frozen (relay SIGSTOPped) for 30 s, Kafka unreachable for 30 s, and
     * commits held invisible past the visibility window while pages render. Pages show delayed while capture is
     * frozen, never claim live on a stream more than {@code freshness} behind (checked against the topic), receive
     * the held changes, and converge.
     */
    @Test
    void captureFrozenKafkaUnreachableAndACommitHeldPastTheWindow() throws Exception {
        List<HistoryRun.Result> results = run(Set.of(Fault.CAPTURE_FROZEN, Fault.KAFKA_UNREACHABLE,
                Fault.COMMIT_HELD_PAST_WINDOW), 40, 600, 10);
        assertThat(sum(results, r -> r.checker().count0(FaultInjector.DELAYED_WHILE_FROZEN)))
                .as("pages that showed delayed while capture was frozen\n" + reports(results)).isPositive();
        assertThat(sum(results, r -> r.checker().count0(FaultInjector.HELD_RENDERS)))
                .as("renders while a commit was held past the window\n" + reports(results))
                .isGreaterThanOrEqualTo(3L * results.size());
        assertThat(sum(results, r -> r.checker().count0("live claims checked")))
                .as("live claims checked against the topic\n" + reports(results)).isPositive();
    }

    /** Every fault above in one run, spread over a longer write phase: each must come back and leave no violation. */
    @Test
    void allFaultsInOneRun() throws Exception {
        // all but the slot's invalidation, which runs on a stack of its own (SlotInvalidatedHistoryIT)
        run(java.util.EnumSet.complementOf(java.util.EnumSet.of(Fault.SLOT_INVALIDATED)), 60, 1000, 30);
    }

    /** {@code -Dhistory.rounds=N} repeats the scenario on fresh worlds (the longer command adds up its rounds). */
    private List<HistoryRun.Result> run(Set<Fault> faults, int visits, long changes, int writeSeconds) throws Exception {
        List<HistoryRun.Result> results = new ArrayList<>();
        for (int round = 0; round < Integer.getInteger("history.rounds", 1); round++) {
            HistoryRun.Settings settings = HistoryRun.Settings.fromProperties(visits, changes, Duration.ofSeconds(writeSeconds));
            HistoryRun.Result result = new HistoryRun(sut, settings, faults).run();
            assertThat(result.violations()).as(result.report()).isEmpty();
            for (Fault fault : faults) {
                assertThat(result.checker().faults(fault.name())).as(fault + " injected\n" + result.report()).isEqualTo(1);
            }
            results.add(result);
        }
        return results;
    }

    private static long sum(List<HistoryRun.Result> results, ToLongFunction<HistoryRun.Result> count) {
        return results.stream().mapToLong(count).sum();
    }

    private static String reports(List<HistoryRun.Result> results) {
        return results.stream().map(HistoryRun.Result::report).collect(Collectors.joining("\n"));
    }
}
