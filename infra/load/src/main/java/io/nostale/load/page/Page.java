package io.nostale.load.page;

import io.nostale.load.check.PageView;
import io.nostale.load.check.Received;
import io.nostale.load.ws.WsConnection;
import io.nostale.wire.Timepoint;

/**
 * One open page: what it is, its current subscription (token and timepoint), its resume point, and what it
 * received. Confined to its group's reactor thread, except for the fields the opener fills before handing it over.
 */
final class Page {

    enum State {
        /** Waiting for its reconnect time (backoff), or not connected yet. */
        WAITING,
        /** Connection opening, or open and subscribed but not caught up yet. */
        CONNECTING,
        /** Received caught-up on the current connection. */
        LIVE,
        /** Being read anew (new timepoint and token). */
        RELOADING,
        /** Closed for good (the driver stopped it, or a close code that must not be retried). */
        STOPPED
    }

    final int index;
    final int user;
    final PageView view;
    final PageGroup group;
    final Received received;
    String token;
    Timepoint timepoint;
    State state = State.WAITING;
    WsConnection connection;
    /** The current connection was upgraded (and is counted as a held socket). */
    boolean socketOpen;
    /** Resume point of the last change, caught-up or heartbeat frame (stream null: none yet). */
    String stream;
    long offset;
    String position;
    String proof;
    /** Offset of the last change frame, for the order check; -1 after a (re)load. */
    long lastChangeOffset = -1;
    /** Reconnect attempts since the last caught-up (the backoff's exponent). */
    int attempts;
    /** A resync frame arrived on the current connection (its close then follows). */
    boolean resyncSeen;
    /** The code of an error frame on the current connection (its close follows). */
    String errorCode;
    /** Still holds an opening permit: released at its first caught-up. */
    boolean opening;
    long connectNanos;
    long lastFrameNanos;
    long caughtUpNanos;
    /** When the last caught-up took after its connection started (nanoseconds). */
    long catchUpTookNanos;

    Page(int index, int user, PageView view, PageGroup group, String token, Timepoint timepoint) {
        this.index = index;
        this.user = user;
        this.view = view;
        this.group = group;
        this.token = token;
        this.timepoint = timepoint;
        this.received = new Received(timepoint);
    }

    /** The browser script's rule: never move the point backwards; a point without a proof drops the old proof. */
    void remember(ServerFrame frame) {
        if (!frame.hasResumePoint()) {
            return;
        }
        if (stream != null && stream.equals(frame.stream()) && frame.offset() < offset) {
            return;
        }
        stream = frame.stream();
        offset = frame.offset();
        position = frame.position();
        proof = frame.proof();
    }

    /** A fresh render: new subscription, no resume point; later arrivals are judged by the new snapshot. */
    void reloaded(String newToken, Timepoint newTimepoint) {
        token = newToken;
        timepoint = newTimepoint;
        stream = null;
        position = null;
        proof = null;
        offset = 0;
        lastChangeOffset = -1;
        received.reloaded(newTimepoint);
    }

    String name() {
        return "page " + index + " (" + view.pageName() + " of user " + view.userId() + ")";
    }
}
