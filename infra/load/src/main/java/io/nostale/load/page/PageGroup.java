package io.nostale.load.page;

import io.nostale.load.check.CheckReport;
import io.nostale.load.check.PhaseCheck;
import io.nostale.load.ws.Ending;
import io.nostale.load.ws.Reactor;
import io.nostale.load.ws.WsConnection;
import io.nostale.load.ws.WsListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pages of one reactor, and the page behaviour itself: subscribe on open, handle each frame as the browser script
 * does, react to the end of a connection by its close code. Everything here runs on the reactor's thread.
 */
final class PageGroup implements WsListener {

    /** The browser script's SILENCE_TIMEOUT_MS: with no frame for this long the connection is presumed dead. */
    static final long SILENCE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Fleet fleet;
    final Reactor reactor;
    private final List<Page> pages = new ArrayList<>();
    private final FrameParser parser = new FrameParser();
    private final ServerFrame frame = new ServerFrame();
    private final JsonMapper json = JsonMapper.builder().build();
    private final SplittableRandom random;
    private Histogram latency = new Histogram(HIGHEST_MICROS, 3);
    private Histogram catchUp = new Histogram(HIGHEST_MICROS, 3);
    /** Change frames that beat their writer's bookkeeping: (id, arrival) pairs, resolved when the phase ends. */
    private long[] pending = new long[64];
    private int pendingCount;
    private long[] buckets = new long[Fleet.BUCKETS];
    private long changeFrames;
    private long frames;
    private long unreadable;

    PageGroup(Fleet fleet, Reactor reactor, long seed) {
        this.fleet = fleet;
        this.reactor = reactor;
        this.random = new SplittableRandom(seed);
        reactor.execute(() -> reactor.schedule(SWEEP_NANOS, this::sweep));
    }

    void add(Page page) {
        pages.add(page);
        connect(page);
    }

    private void connect(Page page) {
        page.state = Page.State.CONNECTING;
        page.connectNanos = System.nanoTime();
        page.resyncSeen = false;
        page.errorCode = null;
        page.connection = reactor.connect(fleet.target(), fleet.source(page.index), fleet.hostHeader(), Fleet.PATH,
                fleet.origin(), this, page);
    }

    @Override
    public void onOpen(WsConnection connection) {
        Page page = (Page) connection.attachment();
        page.socketOpen = true;
        fleet.socketOpened();
        page.lastFrameNanos = System.nanoTime();
        connection.sendText(subscribeFrame(page));
    }

    private byte[] subscribeFrame(Page page) {
        Map<String, Object> subscribe = new LinkedHashMap<>();
        subscribe.put("type", "subscribe");
        subscribe.put("token", page.token);
        subscribe.put("timepoint", page.timepoint.toString());
        if (page.stream != null) {
            Map<String, Object> resume = new LinkedHashMap<>();
            resume.put("stream", page.stream);
            resume.put("offset", page.offset);
            resume.put("position", page.position);
            if (page.proof != null) {
                resume.put("proof", page.proof);
            }
            subscribe.put("resume", resume);
        }
        return json.writeValueAsBytes(subscribe);
    }

    @Override
    public void onText(WsConnection connection, byte[] bytes, int offset, int length) {
        Page page = (Page) connection.attachment();
        long now = System.nanoTime();
        page.lastFrameNanos = now;
        frames++;
        try {
            parser.parse(bytes, offset, length, frame);
        } catch (FrameParser.MalformedFrameException e) {
            unreadable++;
            fleet.events().count("unreadable frame: " + e.getMessage());
            return;
        }
        switch (frame.type()) {
            case CHANGE -> change(page, now);
            case CAUGHT_UP -> {
                page.remember(frame);
                caughtUp(page, now);
            }
            case HEARTBEAT -> page.remember(frame);
            case RESYNC -> {
                // As the browser script: stop using this connection at once and render the page anew.
                page.resyncSeen = true;
                fleet.events().count("4409 resync " + frame.reason());
                connection.close(1000, "resync");
                ended(page);
                reload(page);
            }
            case ERROR -> page.errorCode = frame.code(); // named with the close that follows
            case OTHER -> fleet.events().count("frame of unknown type");
        }
    }

    private void change(Page page, long now) {
        changeFrames++;
        long bucket = (now - fleet.phaseStartNanos()) / TimeUnit.MILLISECONDS.toNanos(Fleet.BUCKET_MILLIS);
        if (bucket >= 0 && bucket < buckets.length) {
            buckets[(int) bucket]++;
        }
        fleet.changeReceived();
        if (frame.hasResumePoint()) {
            if (frame.offset() <= page.lastChangeOffset) {
                page.received.outOfOrder();
            }
            page.lastChangeOffset = Math.max(page.lastChangeOffset, frame.offset());
        }
        int id = changeId();
        if (id < 0) {
            page.received.foreign();
        } else if (id < fleet.phaseFirstId()) {
            page.received.late();
        } else {
            page.received.change(id);
            latency(id, now);
            if (!page.received.isFenced() && fleet.isFinalChange(id)) {
                page.received.fenced();
                fleet.pageFenced();
            }
        }
        page.remember(frame);
    }

    /** The driver's change id this frame carries: the row's marker, or for a join request its (id, version). */
    private int changeId() {
        String table = frame.table();
        int id = -1;
        if ("chat_room".equals(table) || "chat_message".equals(table)) {
            id = frame.marker();
        } else if ("chat_room_join_request".equals(table)) {
            id = fleet.requestMarkers().changeId(frame.afterId(), frame.afterVersion());
        }
        return id >= 0 && id < fleet.log().nextId() ? id : -1;
    }

    private void latency(int id, long now) {
        if (!fleet.measures(id)) {
            return;
        }
        long committed = fleet.log().committedNanos(id);
        if (committed == io.nostale.load.workload.CommitLog.NOT_COMMITTED) {
            if (pendingCount + 2 > pending.length) {
                pending = Arrays.copyOf(pending, pending.length * 2);
            }
            pending[pendingCount++] = id;
            pending[pendingCount++] = now;
            return;
        }
        latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (now - committed) / 1_000)));
    }

    private void caughtUp(Page page, long now) {
        if (page.state != Page.State.LIVE) {
            page.state = Page.State.LIVE;
            fleet.pageLive();
        }
        page.attempts = 0;
        page.caughtUpNanos = now;
        page.catchUpTookNanos = now - page.connectNanos;
        if (page.opening) {
            page.opening = false;
            catchUp.recordValue(Math.min(HIGHEST_MICROS, page.catchUpTookNanos / 1_000));
            fleet.opened();
        }
    }

    @Override
    public void onEnd(WsConnection connection, Ending ending) {
        Page page = (Page) connection.attachment();
        if (page.connection != connection) {
            return; // an older connection of the page
        }
        boolean wasOpen = ended(page);
        if (page.state == Page.State.STOPPED) {
            return;
        }
        ClosePolicy.Reaction reaction = ClosePolicy.Reaction.RESUME;
        if (ending instanceof Ending.Closed closed) {
            reaction = ClosePolicy.react(closed.code());
            if (closed.code() == 4409) {
                if (!page.resyncSeen) {
                    fleet.events().count("4409 resync " + (closed.reason().isEmpty() ? "(no reason)" : closed.reason()));
                }
            } else {
                String name = ClosePolicy.name(closed.code());
                boolean named = page.errorCode == null || name.endsWith(" " + page.errorCode);
                fleet.events().count("close " + name + (named ? "" : " (error " + page.errorCode + ")"));
            }
        } else if (ending instanceof Ending.Dropped) {
            fleet.events().count("close 1006 dropped" + (wasOpen ? "" : " before open"));
        } else if (ending instanceof Ending.Failed failed) {
            fleet.events().count(failed.stage() + " failed: " + (failed.httpStatus() > 0 ? "HTTP " + failed.httpStatus()
                    : shorten(failed.cause())));
        } else if (ending instanceof Ending.Violation violation) {
            fleet.events().count("protocol violation by the gateway: " + shorten(violation.cause()));
        }
        switch (reaction) {
            case RESUME -> reconnectLater(page);
            case RELOAD -> reload(page);
            case GIVE_UP -> stop(page, "gave up (close code says reconnecting cannot help)");
        }
    }

    /** Bookkeeping for a connection that is over; true when it had been open (upgraded). */
    private boolean ended(Page page) {
        boolean wasOpen = page.socketOpen;
        if (wasOpen) {
            fleet.socketClosed();
            page.socketOpen = false;
        }
        if (page.state == Page.State.LIVE) {
            fleet.pageNotLive();
            page.state = Page.State.CONNECTING;
        }
        page.connection = null;
        return wasOpen;
    }

    private void reconnectLater(Page page) {
        page.state = Page.State.WAITING;
        long delay = Backoff.delayNanos(page.attempts++, random::nextDouble);
        reactor.schedule(delay, () -> {
            if (page.state == Page.State.WAITING) {
                connect(page);
            }
        });
    }

    /** A fresh render: new timepoint and token from the opener, then a connection without resume (after backoff). */
    private void reload(Page page) {
        page.state = Page.State.RELOADING;
        fleet.opener().reload(page.view, reloaded -> reactor.execute(() -> {
            if (page.state == Page.State.RELOADING) {
                page.reloaded(reloaded.token(), reloaded.timepoint());
                reconnectLater(page);
            }
        }), error -> reactor.execute(() -> {
            fleet.events().count("reload failed: " + shorten(error.toString()));
            if (page.state == Page.State.RELOADING) {
                long delay = Backoff.delayNanos(page.attempts++, random::nextDouble);
                reactor.schedule(delay, () -> reload(page));
            }
        }));
    }

    private void stop(Page page, String why) {
        page.state = Page.State.STOPPED;
        fleet.pageStopped();
        fleet.events().count("page stopped: " + why);
        if (page.opening) {
            page.opening = false;
            fleet.opened();
        }
    }

    /** Closes connections that were silent for the browser script's silence limit; they resume like after a drop. */
    private void sweep() {
        long now = System.nanoTime();
        for (Page page : pages) {
            if (page.connection != null && page.connection.isOpen() && now - page.lastFrameNanos > SILENCE_NANOS) {
                fleet.events().count("silent for 60 s: reconnecting");
                page.connection.close(4000, "silent");
                ended(page);
                reconnectLater(page);
            }
        }
        reactor.schedule(SWEEP_NANOS, this::sweep);
    }

    // ---- phase bookkeeping, called through reactor tasks ----

    void beginPhase() {
        for (Page page : pages) {
            page.received.reset();
        }
        latency = new Histogram(HIGHEST_MICROS, 3);
        catchUp = new Histogram(HIGHEST_MICROS, 3);
        pending = new long[64];
        pendingCount = 0;
        buckets = new long[Fleet.BUCKETS];
        changeFrames = 0;
        frames = 0;
        unreadable = 0;
    }

    PhaseStats stats() {
        for (int i = 0; i < pendingCount; i += 2) {
            long committed = fleet.log().committedNanos((int) pending[i]);
            if (committed != io.nostale.load.workload.CommitLog.NOT_COMMITTED) {
                latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (pending[i + 1] - committed) / 1_000)));
            }
        }
        pendingCount = 0;
        return new PhaseStats(latency.copy(), catchUp.copy(), buckets.clone(), changeFrames, frames, unreadable);
    }

    CheckReport check(PhaseCheck check) {
        List<PhaseCheck.CheckedPage> checked = new ArrayList<>(pages.size());
        for (Page page : pages) {
            checked.add(new PhaseCheck.CheckedPage(page.view, page.received, page.name()));
        }
        return check.check(checked);
    }

    /** For pages whose last caught-up came after {@code sinceNanos}: how long after it, in microseconds. */
    Histogram caughtUpSince(long sinceNanos, long[] notYet) {
        Histogram times = new Histogram(HIGHEST_MICROS, 3);
        for (Page page : pages) {
            if (page.state == Page.State.LIVE && page.caughtUpNanos - sinceNanos > 0) {
                times.recordValue(Math.min(HIGHEST_MICROS, (page.caughtUpNanos - sinceNanos) / 1_000));
            } else {
                notYet[0]++;
            }
        }
        return times;
    }

    int countCaughtUpSince(long sinceNanos) {
        int count = 0;
        for (Page page : pages) {
            if (page.state == Page.State.LIVE && page.caughtUpNanos - sinceNanos > 0) {
                count++;
            }
        }
        return count;
    }

    void stopAll() {
        for (Page page : pages) {
            if (page.connection != null) {
                page.connection.close(1000, "load step over");
                ended(page);
            }
            page.state = Page.State.STOPPED;
        }
        pages.clear();
    }

    private static String shorten(String text) {
        return text == null ? "" : text.length() > 70 ? text.substring(0, 70) + "…" : text;
    }
}
