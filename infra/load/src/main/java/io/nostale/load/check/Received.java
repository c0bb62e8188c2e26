package io.nostale.load.check;

import io.nostale.wire.Timepoint;
import java.util.ArrayList;
import java.util.List;

/**
 * What one page received in the current phase: the ids of the driver's changes in arrival order, split where the
 * page was read anew (a resync reloads it with a new timepoint, and from then on the new snapshot decides), plus the
 * counts that need no oracle. Confined to the page's reactor thread.
 */
public final class Received {

    /** A run of arrivals under one timepoint. */
    public record Segment(int start, Timepoint seenAt) {
    }

    private final IntList ids = new IntList();
    private final List<Segment> segments = new ArrayList<>(1);
    private int foreign;
    private int outOfOrder;
    private int late;
    private boolean fenced;

    public Received(Timepoint seenAt) {
        segments.add(new Segment(0, seenAt));
    }

    /** Starts a phase: forgets the previous one's arrivals; the page's current timepoint decides from here. */
    public void reset() {
        Timepoint current = current();
        ids.clear();
        segments.clear();
        segments.add(new Segment(0, current));
        foreign = 0;
        outOfOrder = 0;
        late = 0;
        fenced = false;
    }

    /** The page was read anew (resync): later arrivals are judged against {@code seenAt}. */
    public void reloaded(Timepoint seenAt) {
        segments.add(new Segment(ids.size(), seenAt));
    }

    public Timepoint current() {
        return segments.get(segments.size() - 1).seenAt();
    }

    public void change(int id) {
        ids.add(id);
    }

    /** A change frame that is none of the driver's commits (or not of this phase's). */
    public void foreign() {
        foreign++;
    }

    /** A change frame whose offset is not above the previous change frame's on this page. */
    public void outOfOrder() {
        outOfOrder++;
    }

    /** A change of an earlier phase, arriving after that phase was checked. */
    public void late() {
        late++;
    }

    public void fenced() {
        fenced = true;
    }

    public boolean isFenced() {
        return fenced;
    }

    public IntList ids() {
        return ids;
    }

    public List<Segment> segments() {
        return segments;
    }

    public int foreignCount() {
        return foreign;
    }

    public int outOfOrderCount() {
        return outOfOrder;
    }

    public int lateCount() {
        return late;
    }
}
