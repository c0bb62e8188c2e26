package io.nostale.load.report;

import java.util.List;

/** One gateway build's run: its baseline (no sockets) and its steps, in order. */
public record BuildResult(String build, String jar, Long baselineHeap, Long baselineRss, List<StepResult> steps,
                          String failure) {
}
