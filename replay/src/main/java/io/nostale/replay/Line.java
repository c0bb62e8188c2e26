package io.nostale.replay;

import io.nostale.pages.record.LoggedRecord;
import io.nostale.wire.ChangeEvent;
import java.util.Map;

/**
 * One line of output: a record of the history as the engineer sees it, and for {@code explain} the gateway's verdict
 * on it for the page.
 *
 * @param kind    {@code change}, {@code truncate}, {@code stream-start} or {@code unreadable}
 * @param verdict empty outside {@code explain}
 */
record Line(long offset, String kind, long commitMillis, String position, long txId, String table, String op,
            Map<String, Object> before, Map<String, Object> after, String verdict, String reason) {

    static Line of(LoggedRecord record, long timestampMillis) {
        if (record instanceof LoggedRecord.Change change) {
            ChangeEvent event = change.event();
            return new Line(record.offset(), "change", event.commitMillis(), event.position(), event.txId(),
                    event.table(), event.op().name(), event.before(), event.after(), "", "");
        }
        if (record instanceof LoggedRecord.Truncate truncate) {
            return new Line(record.offset(), "truncate", truncate.event().commitMillis(), truncate.event().position(),
                    truncate.event().txId(), truncate.event().table(), "TRUNCATE", Map.of(), Map.of(), "", "");
        }
        if (record instanceof LoggedRecord.Start start) {
            return new Line(record.offset(), "stream-start", timestampMillis, "", 0, "", "", Map.of(), Map.of(), "",
                    "capture (re)started at " + start.start().startLsn() + " (database " + start.start().systemId()
                            + ", slot " + start.start().slot() + "): positions start over, history before it was not captured");
        }
        return new Line(record.offset(), "unreadable", timestampMillis, "", 0, "", "", Map.of(), Map.of(), "",
                ((LoggedRecord.Undecodable) record).problem());
    }

    Line judged(String verdict, String reason) {
        return new Line(offset, kind, commitMillis, position, txId, table, op, before, after, verdict, reason);
    }
}
