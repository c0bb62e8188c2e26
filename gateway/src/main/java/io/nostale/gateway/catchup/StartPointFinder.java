package io.nostale.gateway.catchup;

import io.nostale.gateway.GatewayProperties;
import io.nostale.gateway.catchup.CatchUpReaders.HistoryBounds;
import io.nostale.gateway.protocol.ResumePoint;
import io.nostale.gateway.stream.ChangeLog;
import io.nostale.pages.delivery.ResyncReason;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.Timepoint;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Decides where a page's replay starts; from the in-memory log when it can tell, so that a storm of reconnecting
 * pages costs no Kafka request at all, and from Kafka's offsets only for pages older than the log.
 *
 * <p>Fresh page: at the first record committed at or after {@link Timepoint#historyStart}: {@code readAt -
 * visibilityWindow}, or earlier when the renderer saw a commit held. Every change the page has not seen is in a
 * transaction invisible to its snapshot; such a transaction either commits after the read (so after that point) or
 * had already written its commit record but was still finishing: for microseconds, which the window covers, or
 * waiting for a synchronous standby for however long, which the timepoint's {@code heldSince} covers. Records
 * before the page's read that are visible in its snapshot are skipped by the delivery rule, so starting early costs
 * reading, never correctness.
 *
 * <p>Resumed page: right after the offset it last applied, in the same stream only; below the in-memory log, if
 * Kafka still retains it (asked at most once a second for all pages, {@link RetainedStart}).
 */
@Component
public class StartPointFinder {

    private final GatewayProperties properties;
    private final ChangeLog log;
    private final CatchUpReaders readers;

    StartPointFinder(GatewayProperties properties, ChangeLog log, CatchUpReaders readers) {
        this.properties = properties;
        this.log = log;
        this.readers = readers;
    }

    public StartDecision find(Timepoint timepoint, Optional<ResumePoint> resume, String streamId) {
        if (resume.isPresent()) {
            return fromResume(resume.get(), streamId);
        }
        long target = Math.max(0, timepoint.historyStart(properties.visibilityWindow()).toEpochMilli());
        ChangeLog.LogStart inLog = log.startFor(target);
        if (inLog instanceof ChangeLog.LogStart.At at) {
            return new StartDecision.Start(at.offset(), StreamPosition.BEGINNING);
        }
        if (inLog instanceof ChangeLog.LogStart.Expired expired) {
            return expired(timepoint, expired.beginning());
        }
        BrokerAnswer<HistoryBounds> answer = readers.bounds(target);
        if (!(answer instanceof BrokerAnswer.Ok<HistoryBounds> ok)) {
            return new StartDecision.Unavailable(((BrokerAnswer.Unavailable<HistoryBounds>) answer).why());
        }
        HistoryBounds bounds = ok.value();
        long start = bounds.firstAtOrAfterTime();
        if (start == bounds.beginning() && bounds.beginning() > 0) {
            return expired(timepoint, bounds.beginning());
        }
        return new StartDecision.Start(start, StreamPosition.BEGINNING);
    }

    private StartDecision fromResume(ResumePoint resume, String streamId) {
        if (!resume.stream().equals(streamId)) {
            return new StartDecision.Resync(ResyncReason.STREAM_RESET,
                    "the change stream was recreated since this page last applied a change");
        }
        long next = resume.offset() + 1;
        long first = log.firstOffset();
        if (first >= 0 && next >= first && next <= log.headOffset()) {
            return new StartDecision.Start(next, resume.position());
        }
        if (first >= 0 && next < first) {
            return belowTheLog(resume, next);
        }
        BrokerAnswer<HistoryBounds> answer = readers.bounds(0);
        if (!(answer instanceof BrokerAnswer.Ok<HistoryBounds> ok)) {
            return new StartDecision.Unavailable(((BrokerAnswer.Unavailable<HistoryBounds>) answer).why());
        }
        HistoryBounds bounds = ok.value();
        if (next > bounds.end()) {
            return new StartDecision.Resync(ResyncReason.STREAM_RESET,
                    "resume offset " + resume.offset() + " is beyond the end of the stream (" + bounds.end() + ")");
        }
        if (next < bounds.beginning()) {
            return historyExpired(resume, bounds.beginning());
        }
        return new StartDecision.Start(next, resume.position());
    }

    /** Older than the in-memory log (so not beyond the end): only whether Kafka still holds it matters. */
    private StartDecision belowTheLog(ResumePoint resume, long next) {
        BrokerAnswer<Long> answer = readers.firstRetained();
        if (!(answer instanceof BrokerAnswer.Ok<Long> ok)) {
            return new StartDecision.Unavailable(((BrokerAnswer.Unavailable<Long>) answer).why());
        }
        if (next < ok.value()) {
            return historyExpired(resume, ok.value());
        }
        return new StartDecision.Start(next, resume.position());
    }

    private static StartDecision historyExpired(ResumePoint resume, long beginning) {
        return new StartDecision.Resync(ResyncReason.HISTORY_EXPIRED, "resume offset " + resume.offset()
                + " is older than retained history (starts at " + beginning + ")");
    }

    private static StartDecision expired(Timepoint timepoint, long beginning) {
        return new StartDecision.Resync(ResyncReason.HISTORY_EXPIRED, "changes since " + timepoint.readAt()
                + " are no longer all retained (topic starts at offset " + beginning + ")");
    }
}
