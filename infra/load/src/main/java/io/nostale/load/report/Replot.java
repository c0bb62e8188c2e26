package io.nostale.load.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Draws the plots again from a run's {@code summary.json}, e.g. into docs/benchmarks after the run:
 * {@code ./mvnw -B -q -pl infra/load exec:java -Dexec.mainClass=io.nostale.load.report.Replot
 * -Dexec.args="infra/load/target/load/summary.json docs/benchmarks"}.
 */
public final class Replot {

    private Replot() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Replot <summary.json> <plots directory>");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        List<BuildResult> builds = JsonMapper.builder().build().readValue(Files.readString(Path.of(args[0])),
                new TypeReference<List<BuildResult>>() { });
        Plots.write(Path.of(args[1]), builds).forEach(System.out::println);
    }
}
