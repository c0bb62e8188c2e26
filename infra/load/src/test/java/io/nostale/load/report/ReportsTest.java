package io.nostale.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.load.check.CheckReport;
import io.nostale.load.measure.LatencySummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {

    @TempDir
    Path dir;

    private static StepResult step(String build, int pages, String status) {
        LatencySummary latency = new LatencySummary(100, 12.5, 80.0, 95.0, 120.0);
        WriterResult writer = new WriterResult("private changes", 1000, 990.5, 19810, 0, 12.0, true, null);
        return new StepResult(build, pages, status, pages, (long) pages,
                new StepResult.Open(pages, 4.2, latency, Map.of()),
                new StepResult.Memory(100L << 20, 300L << 20, 110L << 20, 320L << 20, 9.5, 20.1, 120L << 20, 330L << 20,
                        10.2, 30.7),
                new StepResult.Fanout(writer, 150_000, 120_000, 90_000, 130_000, 1_200_000, latency, latency, 1.5,
                        CheckReport.empty(10), Map.of()),
                new StepResult.Mixed(writer, writer, 50_000, 1_000_000, latency, latency, CheckReport.empty(10), Map.of()),
                null, Map.of("close 4503 unavailable", 3L), Map.of("mixed", Map.of("gateway", 80L)));
    }

    @Test
    void stepsAreWrittenAsJsonCsvTableAndPlots() throws Exception {
        List<BuildResult> builds = List.of(
                new BuildResult("main", "/m.jar", 1L, 2L, List.of(step("main", 1000, "ok"),
                        step("main", 2000, "gateway died during opening: OutOfMemoryError")), "an earlier step ended"),
                new BuildResult("new", "/n.jar", 1L, 2L, List.of(step("new", 1000, "ok")), null));
        Path json = Reports.writeStep(dir, builds.get(0).steps().get(0));
        assertThat(Files.readString(json)).contains("\"pages\" : 1000", "\"idleHeapKibPerSocket\" : 9.5");
        Reports.writeSummary(dir, builds);
        List<String> csv = Files.readAllLines(dir.resolve("steps.csv"));
        assertThat(csv).hasSize(4);
        assertThat(csv.get(2)).startsWith("main,2000,\"gateway died during opening: OutOfMemoryError\"");
        String table = Reports.table(builds);
        assertThat(table).contains("main", "new", "120,000", "OutOfMemoryError");
        List<Path> plots = Plots.write(dir, builds);
        assertThat(plots).hasSize(3).allSatisfy(p -> assertThat(Files.size(p)).isGreaterThan(1000));
    }
}
