package io.nostale.load;

import io.nostale.load.check.PageKind;
import io.nostale.load.check.PageView;
import io.nostale.load.measure.CpuMeter;
import io.nostale.load.measure.Jvm;
import io.nostale.load.page.Fleet;
import io.nostale.load.page.Opener;
import io.nostale.load.product.GatewayBuild;
import io.nostale.load.product.GatewayProcess;
import io.nostale.load.report.BuildResult;
import io.nostale.load.report.Reports;
import io.nostale.load.report.StepResult;
import io.nostale.load.workload.FinalChange;
import io.nostale.load.workload.PagePlan;
import io.nostale.wire.PageGrant;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One gateway build under load: start it, fill its in-memory log and take the baseline with no sockets, then the
 * steps in order with the sockets kept open from one to the next. A step that ends badly (the gateway died, pages did
 * not catch up) ends the build: the steps after it are reported as not run.
 */
final class BuildRun {

    private final Context ctx;
    private final GatewayBuild build;
    private final int number;

    BuildRun(Context ctx, GatewayBuild build, int number) {
        this.ctx = ctx;
        this.build = build;
        this.number = number;
    }

    BuildResult run() {
        GatewayProcess gateway = ctx.product().gateway(build, number);
        Say.line("gateway " + build.label() + " (" + build.jar() + "): starting; its log is " + gateway.logFile());
        try {
            gateway.start();
        } catch (RuntimeException e) {
            gateway.kill();
            return new BuildResult(build.label(), build.jar().toString(), null, null, List.of(),
                    "did not start: " + e.getMessage());
        }
        Watch watch = new Watch(gateway);
        List<StepResult> steps = new ArrayList<>();
        Fleet fleet = fleet(ctx.options().selectors(), ctx.options().openConcurrency());
        Long baselineHeap = null;
        Long baselineRss = null;
        String failure = null;
        try {
            prefill(watch);
            long pid = gateway.pid().orElseThrow();
            baselineHeap = Jvm.heapAfterFullGc(pid).stream().boxed().findFirst().orElse(null);
            baselineRss = Jvm.rssBytes(pid).stream().boxed().findFirst().orElse(null);
            Say.line("baseline with no sockets: heap after full GC " + mib(baselineHeap) + ", RSS " + mib(baselineRss));
            CpuMeter cpu = cpuMeter(gateway);
            StepRun.Carry carry = new StepRun.Carry();
            for (int pages : ctx.options().steps()) {
                if (failure != null) {
                    steps.add(notRun(pages, failure));
                    continue;
                }
                StepResult step = new StepRun(ctx, gateway, fleet, watch, cpu, carry,
                        baselineHeap == null ? 0 : baselineHeap, baselineRss == null ? 0 : baselineRss).run(pages);
                steps.add(step);
                Reports.writeStep(ctx.options().outDir(), step);
                Say.line("step " + pages + " of " + build.label() + ": " + step.status());
                if (!"ok".equals(step.status())) {
                    failure = "an earlier step ended: " + step.status();
                }
            }
        } catch (Watch.GatewayDied e) {
            failure = "gateway died before the first step: " + e.getMessage();
        } catch (RuntimeException e) {
            failure = "driver failed: " + e;
            e.printStackTrace();
        } finally {
            Say.line("closing " + fleet.sockets() + " sockets and stopping gateway " + build.label());
            try {
                fleet.stopAll();
            } catch (RuntimeException e) {
                Say.line("could not close all sockets cleanly: " + e.getMessage());
            }
            fleet.close();
            if (gateway.isAlive() && gateway.failure().isPresent()) {
                gateway.kill(); // it ran out of memory: a graceful stop would wait on it for nothing
            } else {
                gateway.stop();
            }
        }
        return new BuildResult(build.label(), build.jar().toString(), baselineHeap, baselineRss, steps,
                failure == null || steps.stream().allMatch(s -> "ok".equals(s.status())) ? null : failure);
    }

    /**
     * Fills the gateway's in-memory change log to capacity before the baseline: otherwise the log's own growth during
     * the steps (about 1 KiB per record) would be counted as the sockets' memory. A probe page on the filler room
     * receives every prefill message, which proves the gateway has them all.
     */
    private void prefill(Watch watch) {
        int count = ctx.options().prefill();
        if (count == 0) {
            return;
        }
        Say.line("filling the gateway's in-memory log: " + count + " messages");
        try (Fleet probe = fleet(1, 1)) {
            PageView view = new PageView(PageKind.ROOM, ctx.world().probeUserId(), ctx.world().fillerRoom(),
                    Set.of(PageGrant.MEMBER));
            probe.reserve(1, watch::gatewayOk);
            List<Opener.Ticket> tickets = ctx.opener().prepare(List.of(new PagePlan.PageSpec(-1, -1, view)));
            probe.open(tickets);
            if (!watch.until(Duration.ofSeconds(120), () -> probe.live() == 1)) {
                throw new IllegalStateException("the probe page did not catch up within 120 s: " + ctx.events().snapshot());
            }
            long before = probe.changesReceived();
            FinalChange.prefill(ctx.db(), ctx.log(), ctx.world(), count);
            if (!watch.until(Duration.ofSeconds(600), () -> probe.changesReceived() - before >= count)) {
                throw new IllegalStateException("the probe page received " + (probe.changesReceived() - before) + " of "
                        + count + " prefill messages within 600 s");
            }
            probe.stopAll();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("prefill failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Fleet fleet(int reactors, int openConcurrency) {
        LoadOptions o = ctx.options();
        List<InetSocketAddress> sources = new ArrayList<>();
        for (int i = 0; i < o.sourceAddresses(); i++) {
            sources.add(new InetSocketAddress("127.0.0." + (2 + i), 0));
        }
        int port = ctx.product().gatewayPort();
        return new Fleet(new Fleet.Settings(new InetSocketAddress("127.0.0.1", port), "localhost:" + port,
                ctx.product().rendererUrl(), sources, reactors, openConcurrency), ctx.log(), ctx.markers(), ctx.events(),
                ctx.opener(), ctx.threads().factory("reactor"), error -> {
                    ctx.events().count("driver error: " + error);
                    error.printStackTrace();
                });
    }

    private CpuMeter cpuMeter(GatewayProcess gateway) {
        return new CpuMeter(ctx.threads()::live, ctx.threads().finishedNanos(), List.of(
                new CpuMeter.Watched("gateway", gateway::pid, false),
                new CpuMeter.Watched("cdc-relay", () -> ctx.product().relay().pid(), false),
                new CpuMeter.Watched("renderer", () -> ctx.product().renderer().pid(), false),
                new CpuMeter.Watched("postgres", () -> ctx.product().postgresPid(), true)));
    }

    private StepResult notRun(int pages, String why) {
        return new StepResult(build.label(), pages, "not run: " + why, 0, null, null, null, null, null, null,
                java.util.Map.of(), java.util.Map.of());
    }

    static String mib(Long bytes) {
        return bytes == null ? "n/a" : String.format("%.1f MiB", bytes / (1024.0 * 1024));
    }
}
