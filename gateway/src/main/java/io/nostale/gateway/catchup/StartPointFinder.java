package io.nostale.gateway.catchup;

import io.nostale.gateway.GatewayProperties;
import io.nostale.gateway.catchup.CatchUpReaders.HistoryBounds;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.Timepoint;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Decides where a page's replay starts.
 *
 * <p>Fresh page: at the first record committed at or after {@code timepoint.readAt - visibilityWindow}. Every
 * change the page has not seen is in a transaction invisible to its snapshot; such a transaction either commits
 * after the read (so after that point) or had already written its commit record but was still finishing
 * (synchronous replication wait), which the window covers. Records before the page's read that are visible in
 * its snapshot are filtered out by the session, so starting early costs reading, never correctness.
 *
 * <p>Resumed page: right after the offset it last applied, in the same stream only.
 */
@Component
public class StartPointFinder {

    private final GatewayProperties properties;
    private final CatchUpReaders readers;

    StartPointFinder(GatewayProperties properties, CatchUpReaders readers) {
        this.properties = properties;
        this.readers = readers;
    }

    public StartDecision find(Timepoint timepoint, Optional<ResumePoint> resume, String streamId) {
        long target = timepoint.readAt().minus(properties.visibilityWindow()).toEpochMilli();
        HistoryBounds bounds = readers.bounds(Math.max(0, target));
        if (resume.isPresent()) {
            return fromResume(resume.get(), bounds, streamId);
        }
        long start = bounds.firstAtOrAfterTime();
        if (start == bounds.beginning() && bounds.beginning() > 0) {
            return new StartDecision.Resync(ResyncReason.HISTORY_EXPIRED, "changes since " + timepoint.readAt()
                    + " are no longer all retained (topic starts at offset " + bounds.beginning() + ")");
        }
        return new StartDecision.Start(start, StreamPosition.BEGINNING);
    }

    private static StartDecision fromResume(ResumePoint resume, HistoryBounds bounds, String streamId) {
        if (!resume.stream().equals(streamId)) {
            return new StartDecision.Resync(ResyncReason.STREAM_RESET,
                    "the change stream was recreated since this page last applied a change");
        }
        long next = resume.offset() + 1;
        if (next > bounds.end()) {
            return new StartDecision.Resync(ResyncReason.STREAM_RESET,
                    "resume offset " + resume.offset() + " is beyond the end of the stream (" + bounds.end() + ")");
        }
        if (next < bounds.beginning()) {
            return new StartDecision.Resync(ResyncReason.HISTORY_EXPIRED,
                    "resume offset " + resume.offset() + " is older than retained history (starts at " + bounds.beginning() + ")");
        }
        return new StartDecision.Start(next, resume.position());
    }
}
