package io.nostale.load;

import io.nostale.load.measure.DriverThreads;
import io.nostale.load.measure.TopicTail;
import io.nostale.load.page.Events;
import io.nostale.load.page.Opener;
import io.nostale.load.product.GatewayBuild;
import io.nostale.load.product.ProductUnderLoad;
import io.nostale.load.report.BuildResult;
import io.nostale.load.report.Plots;
import io.nostale.load.report.Reports;
import io.nostale.load.workload.CommitLog;
import io.nostale.load.workload.Database;
import io.nostale.load.workload.PagePlan;
import io.nostale.load.workload.RequestMarkers;
import io.nostale.load.workload.Seeder;
import io.nostale.load.workload.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One invocation: the product, the seeded rows, then every gateway build in turn, then the reports. */
final class LoadRun {

    private final LoadOptions options;
    private final Path projectDir;

    LoadRun(LoadOptions options, Path projectDir) {
        this.options = options;
        this.projectDir = projectDir;
    }

    /** Exit code: 0 when every step of every build ran and checked clean, 1 otherwise. */
    int run() throws Exception {
        List<GatewayBuild> builds = options.gatewayJars().isEmpty() ? List.of(GatewayBuild.ofCheckout(projectDir))
                : GatewayBuild.parse(options.gatewayJars());
        for (GatewayBuild build : builds) {
            if (!Files.isRegularFile(build.jar())) {
                throw new IllegalArgumentException("gateway jar " + build.jar() + " (" + build.label() + ") does not exist");
            }
            Say.line("gateway build " + build.label() + ": " + build.jar());
        }
        Files.createDirectories(options.outDir());
        DriverThreads threads = new DriverThreads();
        threads.adopt(Thread.currentThread());
        Say.line("starting the product (embedded PostgreSQL and Kafka in this JVM, renderer, cdc-relay as processes)");
        List<BuildResult> results = new ArrayList<>();
        try (ProductUnderLoad product = ProductUnderLoad.start(projectDir, options.outDir().resolve("service-logs"))) {
            Say.line("product up: " + product.describe());
            Database db = product.database();
            int users = PagePlan.usersFor(options.maxPages(), options.mix());
            World world = Seeder.seed(db, users, options.clubs());
            Say.line("seeded " + users + " users (" + options.mix().pagesPerUser() + " pages each: " + options.mix()
                    + "), " + options.clubs() + " clubs, their own rooms and join requests");
            PagePlan plan = new PagePlan(world, options.mix());
            CommitLog log = new CommitLog();
            RequestMarkers markers = new RequestMarkers();
            try (Opener opener = new Opener(db, product.tokenKeys(), threads.factory("opener"));
                    TopicTail tail = new TopicTail(product.kafkaBootstrapServers(), log, markers,
                            threads.factory("topic-tail"))) {
                Context ctx = new Context(options, product, db, world, plan, log, markers, new Events(), opener,
                        threads);
                int number = 1;
                for (GatewayBuild build : builds) {
                    results.add(new BuildRun(ctx, build, number++).run());
                    Reports.writeSummary(options.outDir(), results);
                }
            }
        }
        Reports.writeSummary(options.outDir(), results);
        List<Path> plots = Plots.write(options.plotsDir(), results);
        System.out.println();
        System.out.println(Reports.table(results));
        for (BuildResult result : results) {
            if (result.failure() != null) {
                System.out.println(result.build() + ": " + result.failure());
            }
        }
        System.out.println("results: " + options.outDir() + " (one JSON per step, summary.json, steps.csv)");
        System.out.println("plots: " + plots);
        boolean clean = results.stream().allMatch(r -> r.failure() == null && !r.steps().isEmpty()
                && r.steps().stream().allMatch(s -> "ok".equals(s.status())));
        return clean ? 0 : 1;
    }
}
