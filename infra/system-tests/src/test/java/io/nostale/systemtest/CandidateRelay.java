package io.nostale.systemtest;

import io.nostale.embedded.Ports;
import io.nostale.embedded.launch.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second cdc-relay beside the product's, on a slot, change topic and offsets topic of its own, with other settings
 * or from another build: the latency benchmark reads its commit → topic on the same commits as the product relay's,
 * so that a relay change is measured against what it replaces under the same load.
 */
final class CandidateRelay implements AutoCloseable {

    static final String TOPIC = "nostale.bench.candidate";
    private static final String SLOT = "nostale_bench_candidate";

    private final SystemUnderTest sut;
    private final ServiceProcess process;

    private CandidateRelay(SystemUnderTest sut, ServiceProcess process) {
        this.sut = sut;
        this.process = process;
    }

    /** Starts it with {@code env} on top of the product relay's environment, from {@code execJar} if not null. */
    static CandidateRelay start(SystemUnderTest sut, Map<String, String> env, Path execJar) throws Exception {
        if (execJar != null && !Files.isRegularFile(execJar)) {
            throw new IllegalArgumentException("no exec jar at " + execJar);
        }
        Map<String, String> own = new LinkedHashMap<>(env);
        own.put("NOSTALE_RELAY_SLOT", SLOT);
        own.put("NOSTALE_RELAY_TOPIC", TOPIC);
        own.put("NOSTALE_RELAY_OFFSETS_TOPIC", TOPIC + ".offsets");
        ServiceProcess process = sut.product.relayAlongside("cdc-relay-candidate", Ports.free(1).get(0), own);
        if (execJar != null) {
            process = process.withExecJar(execJar, process.logFile());
        }
        CandidateRelay candidate = new CandidateRelay(sut, process);
        Runtime.getRuntime().addShutdownHook(new Thread(process::kill, "candidate-relay-kill"));
        try {
            process.start();
            process.awaitReady(Duration.ofSeconds(180)); // ready = streaming from its slot
            return candidate;
        } catch (RuntimeException e) {
            try {
                candidate.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    ServiceProcess process() {
        return process;
    }

    /** Stops it and drops its slot once its walsender is gone, so that the slot retains no WAL. */
    @Override
    public void close() throws Exception {
        process.stop();
        try (Connection connection = sut.connect();
                PreparedStatement drop = connection.prepareStatement(
                        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ? AND NOT active");
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            drop.setString(1, SLOT);
            exists.setString(1, SLOT);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                drop.execute();
                try (ResultSet row = exists.executeQuery()) {
                    if (!row.next()) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the candidate relay's slot " + SLOT + " is still active");
                }
                TimeUnit.MILLISECONDS.sleep(200); // the walsender ends shortly after the relay's connection
            }
        }
    }
}
