package io.nostale.gateway.delivery;

import io.nostale.gateway.protocol.Frames;
import io.nostale.gateway.protocol.ServerMessage;
import io.nostale.pages.record.LoggedRecord;
import io.nostale.wire.ChangeEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The serialized frames of one change, one per distinct content: a room title going to 15,000 home pages is
 * serialized once. Pages differ only in the part of the change they may see (a directory page sees other users'
 * memberships reduced) and, in principle, in the 64-bit transaction id (widened per snapshot); each distinct pair is
 * serialized once. Used by one thread at a time.
 */
final class FrameCache {

    private final Frames frames;
    private final LoggedRecord.Change change;
    private final String stream;
    private List<Entry> entries;

    private record Entry(ChangeEvent shown, long xid, byte[] frame) {
    }

    FrameCache(Frames frames, LoggedRecord.Change change, String stream) {
        this.frames = frames;
        this.change = change;
        this.stream = stream;
    }

    String stream() {
        return stream;
    }

    byte[] frame(ChangeEvent shown, long xid) {
        if (entries == null) {
            entries = new ArrayList<>(2);
        }
        for (Entry entry : entries) {
            if (entry.xid() == xid && (entry.shown() == shown || entry.shown().equals(shown))) {
                return entry.frame();
            }
        }
        byte[] frame = frames.encode(new ServerMessage.Change("change", stream, change.offset(), shown.position(), xid,
                shown.table(), shown.op().name(), shown.before(), shown.after(), shown.commitMillis()));
        entries.add(new Entry(shown, xid, frame));
        return frame;
    }
}
