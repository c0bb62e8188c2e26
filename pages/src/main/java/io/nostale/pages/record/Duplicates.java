package io.nostale.pages.record;

import io.nostale.wire.StreamPosition;

/**
 * Tells, reading the change topic in order, which records bring something new and which a relay re-sent: after a
 * crash a relay sends again what it had not confirmed, at new offsets but with the original positions (and commit
 * times). A change at or below the highest position since the last stream-start is such a duplicate; the tables of
 * one {@code TRUNCATE} share its position, so a truncate at the highest position is not. Positions compare within one
 * capture: a stream-start begins them again. One instance per reading, in offset order; not thread-safe.
 */
public final class Duplicates {

    private StreamPosition highest;

    /** True if {@code record} brings something new; false for a re-sent duplicate. */
    public boolean isNew(LoggedRecord record) {
        if (record instanceof LoggedRecord.Start) {
            highest = null;
            return true;
        }
        if (record instanceof LoggedRecord.Change change) {
            return advance(change.position(), false);
        }
        if (record instanceof LoggedRecord.Truncate truncate) {
            return advance(truncate.position(), true);
        }
        return true; // undecodable: nothing to compare, and never to be hidden
    }

    private boolean advance(StreamPosition position, boolean sharedPosition) {
        if (highest != null && (highest.isAfter(position) || (highest.equals(position) && !sharedPosition))) {
            return false;
        }
        highest = position;
        return true;
    }
}
