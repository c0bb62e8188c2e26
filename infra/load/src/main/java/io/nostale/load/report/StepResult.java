package io.nostale.load.report;

import io.nostale.load.check.CheckReport;
import io.nostale.load.measure.LatencySummary;
import java.util.Map;

/**
 * Everything measured at one step of one gateway build. Parts not reached (the gateway died, the step has no storm)
 * are null; {@code status} says why.
 *
 * @param status              {@code ok}, or what ended the step (the gateway died, pages did not catch up, ...)
 * @param pages               pages the step asked for
 * @param socketsHeld         upgraded sockets the driver held when the step's pages were all caught up
 * @param gatewaySubscriptions the gateway's own count of open subscriptions at that moment
 * @param events              refusals, closes and errors during the step, by code
 * @param cpu                 per phase: percent of one core per process
 */
public record StepResult(String build, int pages, String status, int socketsHeld, Long gatewaySubscriptions,
                         Open open, Memory memory, Fanout fanout, Mixed mixed, Storm storm, Map<String, Long> events,
                         Map<String, Map<String, Long>> cpu) {

    /**
     * Opening the step's new pages, writers paused.
     *
     * @param newPages         pages opened in this step
     * @param seconds          from the first connect of the step until every page was caught up
     * @param connectToCaughtUp per new page: connect → caught-up
     */
    public record Open(int newPages, double seconds, LatencySummary connectToCaughtUp, Map<String, Long> events) {
    }

    /**
     * Gateway memory: heap in use after a full GC and RSS, in bytes, and per held socket relative to the baseline
     * taken with no sockets (KiB per socket). Idle: every page caught up, nothing written. Loaded: at the end of the
     * mixed phase, writers still running.
     */
    public record Memory(long baselineHeap, long baselineRss, Long idleHeap, Long idleRss, Double idleHeapKibPerSocket,
                         Double idleRssKibPerSocket, Long loadedHeap, Long loadedRss, Double loadedHeapKibPerSocket,
                         Double loadedRssKibPerSocket) {
    }

    /**
     * Public changes at a high rate to all pages.
     *
     * @param offeredFramesPerSecond what the writer's achieved rate asks of the gateway: renames/s × pages they reach
     * @param framesPerSecond        change frames the driver received and parsed per second, steady state: between
     *                               the moments 5 % and 95 % of the phase's frames had arrived
     * @param framesPerSecondWhileWriting the same from 2 s after the start until the writer stopped
     * @param commitToTopic          per change: COMMIT returned → readable on the change topic (the capture half)
     * @param drainSeconds           from the writer's stop until the final change had reached every page
     */
    public record Fanout(WriterResult writer, double offeredFramesPerSecond, double framesPerSecond,
                         double framesPerSecondWhileWriting, double peakFramesPerSecond, long changeFrames,
                         LatencySummary commitToFrame, LatencySummary commitToTopic, double drainSeconds,
                         CheckReport check, Map<String, Long> events) {
    }

    /**
     * Private and public changes at once; commit → frame over every delivered frame of the measured seconds, commit →
     * topic per change.
     */
    public record Mixed(WriterResult privateWriter, WriterResult publicWriter, double framesPerSecond, long changeFrames,
                        LatencySummary commitToFrame, LatencySummary commitToTopic, CheckReport check,
                        Map<String, Long> events) {
    }

    /**
     * The gateway SIGKILLed and started again while private changes continue.
     *
     * @param restartSeconds  kill → the new gateway ready
     * @param caughtUpAfterKill per page: kill → its caught-up on the new gateway (ms)
     * @param allCaughtUpSeconds kill → the last page caught up (null if not all did)
     */
    public record Storm(double restartSeconds, LatencySummary caughtUpAfterKill, long pagesCaughtUp, long pagesNotCaughtUp,
                        Double allCaughtUpSeconds, WriterResult writer, LatencySummary commitToFrame,
                        LatencySummary commitToTopic, CheckReport check, Map<String, Long> events) {
    }

    public StepResult withStatus(String newStatus) {
        return new StepResult(build, pages, newStatus, socketsHeld, gatewaySubscriptions, open, memory, fanout, mixed,
                storm, events, cpu);
    }
}
