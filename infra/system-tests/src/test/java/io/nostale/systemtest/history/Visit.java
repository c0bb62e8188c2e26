package io.nostale.systemtest.history;

import io.nostale.systemtest.RenderedHome;
import io.nostale.systemtest.RendererSession;
import io.nostale.wire.Timepoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One page visit, behaving as home.js + live.js do in a browser: render (real HTTP, logged in), connect after a
 * random delay, apply every change to the page's model, keep the resume point, reconnect with the script's
 * backoff after any drop, re-render on resync (or close 4409), fetch titles it lacks. It also drops its own socket
 * at random moments (mid-replay and live) while {@link Chaos#dropping()} is on.
 */
final class Visit implements VisitSocket.Events {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int RECENT = 40;

    /** Switches shared by all visits of a run. */
    interface Chaos {
        boolean dropping();

        /** True while a writer's commit is forced to wait, written to WAL but invisible (the visibility race, timepoint.md). */
        default boolean raceOpen() {
            return false;
        }
    }

    private final String name;
    private final long userId;
    private final RendererSession session;
    private final String origin;
    private final HttpClient http;
    private final ScheduledExecutorService timers;
    private final HistoryChecker checker;
    private final Chaos chaos;
    private final Random random;
    private final ArrayDeque<String> recent = new ArrayDeque<>();

    // The page (one render) and its connection state; guarded by this.
    private int generation;
    private RenderedHome page;
    private HomePageModel model;
    private PageTrack track;
    private VisitSocket socket;
    /** live.js SILENCE_TIMEOUT_MS: a socket that says nothing this long (heartbeats come every 10 s) is dead. */
    private static final long SILENCE_MS = 60_000;
    private java.util.concurrent.ScheduledFuture<?> silence;
    private String resumeStream;
    private long resumeOffset;
    private String resumePosition;
    private String lastChangeStream;
    private long lastChangeOffset;
    private int attempts;
    private int framesThisConnection;
    private int dropAfterFrames;
    private boolean caughtUp;
    private boolean resyncing;
    private final Set<Long> fetching = new HashSet<>();
    /**
     * One render of the page, for the truncate check ({@link HistoryChecker#checkTruncates}): its timepoint, the
     * highest offset of a change, caught-up or heartbeat frame it received (the gateway had judged everything up to
     * there for it), and the resync that ended it, if one did.
     */
    record Render(int generation, String timepoint, long highestOffset, String resync, String detail) {
    }

    private static final class RenderState {
        final int generation;
        final String timepoint;
        long highestOffset = -1;
        /** What the page script would judge of this render's freshness; from its first connection on. */
        PageFreshness freshness;
        String resync;
        String detail;

        RenderState(int generation, String timepoint) {
            this.generation = generation;
            this.timepoint = timepoint;
        }

        Render snapshot() {
            return new Render(generation, timepoint, highestOffset, resync, detail);
        }
    }

    /** The page's current render; every render of this visit, the current one last. */
    private RenderState thisRender;
    private final List<RenderState> renderStates = new java.util.ArrayList<>();

    Visit(String name, long userId, RendererSession session, String origin, HttpClient http,
            ScheduledExecutorService timers, HistoryChecker checker, Chaos chaos, long seed) {
        this.name = name;
        this.userId = userId;
        this.session = session;
        this.origin = origin;
        this.http = http;
        this.timers = timers;
        this.checker = checker;
        this.chaos = chaos;
        this.random = new Random(seed);
    }

    String name() {
        return name;
    }

    long userId() {
        return userId;
    }

    /** Renders the page, then connects 0–300 ms later (the time a browser takes to load and run the script). */
    void start() throws Exception {
        render();
    }

    private void render() throws Exception {
        boolean raceBefore = chaos.raceOpen();
        RenderedHome rendered = session.home();
        if (raceBefore && chaos.raceOpen()) {
            checker.count(FaultInjector.RACE_RENDERS);
        }
        HomePageModel fresh = HomePageModel.fromPage(userId, rendered.html());
        checker.count("renders");
        int delay;
        synchronized (this) {
            generation++;
            thisRender = new RenderState(generation, rendered.timepoint());
            renderStates.add(thisRender);
            page = rendered;
            model = fresh;
            track = new PageTrack(fresh, fresh.shownRoomIds());
            resumeStream = null;
            lastChangeStream = null;
            attempts = 0;
            resyncing = false;
            fetching.clear();
            note("render #" + generation + " at " + rendered.timepoint() + ": " + fresh);
            delay = random.nextInt(301);
        }
        int expected = currentGeneration();
        timers.schedule(() -> open(expected), delay, TimeUnit.MILLISECONDS);
    }

    private synchronized int currentGeneration() {
        return generation;
    }

    private synchronized void open(int forGeneration) {
        if (forGeneration != generation || resyncing) {
            return;
        }
        StringBuilder subscribe = new StringBuilder("{\"type\":\"subscribe\",\"token\":\"").append(page.token())
                .append("\",\"timepoint\":\"").append(page.timepoint()).append('"');
        if (resumeStream != null) {
            subscribe.append(",\"resume\":{\"stream\":").append(JSON.writeValueAsString(resumeStream))
                    .append(",\"offset\":").append(resumeOffset).append(",\"position\":")
                    .append(JSON.writeValueAsString(resumePosition)).append('}');
            checker.count("reconnects (with resume)");
        }
        subscribe.append('}');
        checker.count("connections");
        framesThisConnection = 0;
        caughtUp = false;
        dropAfterFrames = chaos.dropping() && random.nextInt(100) < 35 ? 1 + random.nextInt(25) : -1;
        note("open" + (resumeStream == null ? "" : " resume " + resumeOffset + " " + resumePosition));
        if (thisRender.freshness == null) { // the script starts judging when it runs, once per page load
            thisRender.freshness = new PageFreshness(Timepoint.parse(page.timepoint()).readAt().toEpochMilli(),
                    System.nanoTime());
        }
        socket = VisitSocket.open(http, URI.create(page.gatewayUrl()), origin, subscribe.toString(), this);
        armSilence(socket);
        if (chaos.dropping() && random.nextInt(100) < 15) {
            VisitSocket planned = socket;
            timers.schedule(() -> drop(planned, "timed"), random.nextInt(3000), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void frame(VisitSocket from, JsonNode frame, String text) {
        if (from != socket) {
            return;
        }
        armSilence(from);
        framesThisConnection++;
        String type = frame.path("type").asString();
        if (("change".equals(type) || "caught-up".equals(type) || "heartbeat".equals(type)) && frame.has("offset")) {
            thisRender.highestOffset = Math.max(thisRender.highestOffset, frame.path("offset").asLong());
        }
        switch (type) {
            case "change" -> change(frame, text);
            case "caught-up" -> {
                remember(frame);
                attempts = 0;
                caughtUp = true;
                checker.count("caught-up frames");
            }
            case "heartbeat" -> {
                remember(frame);
                checker.count("heartbeat frames");
            }
            case "resync" -> {
                String reason = frame.path("reason").asString();
                note("resync frame " + text);
                if (reason.isEmpty()) {
                    checker.violation(name, "fails honestly: a resync without a reason", text);
                }
                if (!resyncing) {
                    thisRender.detail = frame.path("detail").asString();
                }
                resync(reason.isEmpty() ? "(none)" : reason);
            }
            case "error" -> {
                note("error frame " + text);
                String code = frame.path("code").asString();
                checker.count("error frames " + code);
                // unavailable (close 4503) is the protocol's "retry with backoff"; every other code means the
                // gateway refused a page the renderer issued, which the product must never do
                if (!"unavailable".equals(code)) {
                    checker.violation(name, "unexpected error frame for a page the renderer issued", text);
                }
            }
            default -> checker.count("unknown frames");
        }
        judgeFreshness(frame, type);
        if (socket == from && dropAfterFrames > 0 && framesThisConnection >= dropAfterFrames && chaos.dropping()) {
            dropAfterFrames = -1;
            drop(from, "after " + framesThisConnection + " frames");
        }
    }

    /**
     * After every frame of a caught-up connection, what its page would show: {@code delayed}, or {@code live}, which
     * the checker holds against the topic afterwards ({@link HistoryChecker#checkFreshness}).
     */
    private void judgeFreshness(JsonNode frame, String type) {
        if (!"change".equals(type) && !"caught-up".equals(type) && !"heartbeat".equals(type)) {
            return;
        }
        long now = System.nanoTime();
        PageFreshness freshness = thisRender.freshness;
        freshness.frame(frame, now);
        if (!caughtUp || resyncing) {
            return;
        }
        if (freshness.delayed(now)) {
            checker.count(FaultInjector.DELAYED_FRAMES);
        } else {
            checker.claimedLive(new HistoryChecker.LiveClaim(name, frame.path("stream").asString(),
                    thisRender.highestOffset, System.currentTimeMillis(), freshness.freshness()));
        }
    }

    private void change(JsonNode frame, String full) {
        // evidence only: a page keeps every applied frame's text, and slow-client bursts carry 200 KB frames
        String text = full.length() > 1000 ? full.substring(0, 1000) + "…(" + full.length() + " chars)" : full;
        String stream = frame.path("stream").asString();
        long offset = frame.path("offset").asLong();
        if (lastChangeStream != null && stream.equals(lastChangeStream) && offset <= lastChangeOffset) {
            // live.js drops it too; but the gateway promised replay from the resume offset + 1
            checker.count("changes dropped by the script (offset already applied)");
            checker.violation(name, "nothing twice (wire): a change at or before the last applied offset "
                    + lastChangeOffset + " was sent", text + "\nrecent:\n" + recentFrames());
            return;
        }
        track.check(frame, text).ifPresent(v -> checker.violation(name, v[0], v[1] + "\npage model: " + model
                + "\nrecent:\n" + recentFrames()));
        note(text);
        if (model.apply(frame)) {
            fetchMissingTitles();
        }
        track.applied(frame, text);
        checker.count("changes applied");
        lastChangeStream = stream;
        lastChangeOffset = offset;
        remember(frame);
    }

    private void remember(JsonNode frame) {
        String stream = frame.path("stream").asString();
        long offset = frame.path("offset").asLong();
        if (resumeStream != null && resumeStream.equals(stream) && offset < resumeOffset) {
            return; // never move the resume point backwards
        }
        resumeStream = stream;
        resumeOffset = offset;
        resumePosition = frame.path("position").asString();
    }

    @Override
    public synchronized void closed(VisitSocket from, int code, String reason) {
        if (from != socket) {
            return;
        }
        socket = null;
        note("closed " + code + " " + reason);
        checker.count("closes " + code);
        if (code == 4409) {
            resync(reason == null || reason.isEmpty() ? "closed-4409" : reason);
            return;
        }
        reconnectLater();
    }

    private synchronized void drop(VisitSocket planned, String when) {
        if (planned != socket || socket == null) {
            return;
        }
        note("drop (" + when + ")");
        checker.count(caughtUp ? "socket drops (live)" : "socket drops (mid-replay)");
        socket = null;
        planned.abort();
        reconnectLater();
    }

    /** As live.js does: any frame re-arms the timer; if it fires, the socket is abandoned and resumed afresh. */
    private void armSilence(VisitSocket current) {
        if (silence != null) {
            silence.cancel(false);
        }
        silence = timers.schedule(() -> silent(current), SILENCE_MS, TimeUnit.MILLISECONDS);
    }

    private synchronized void silent(VisitSocket current) {
        if (current != socket || socket == null) {
            return;
        }
        note("silent for " + SILENCE_MS + " ms (" + current.state() + "): reconnect");
        checker.count("silent sockets abandoned (live.js watchdog)");
        System.out.println("history: " + name + " abandoned a silent socket (" + current.state() + "); recent:\n"
                + String.join("\n", recent));
        socket = null;
        current.abort();
        reconnectLater();
    }

    private void reconnectLater() {
        int ceiling = Math.min(10_000, 250 * (1 << Math.min(attempts++, 16)));
        int delay = (int) Math.round(ceiling * (0.5 + 0.5 * random.nextDouble()));
        int expected = generation;
        timers.schedule(() -> open(expected), delay, TimeUnit.MILLISECONDS);
    }

    /** live.js resync(): close, and reload the page (a new render, a new model, a new timepoint). */
    private void resync(String reason) {
        if (resyncing) {
            return;
        }
        resyncing = true;
        checker.resync(reason);
        if (thisRender.resync == null) {
            thisRender.resync = reason;
        }
        if (socket != null) {
            socket.close("resync");
            socket = null;
        }
        timers.execute(this::reload);
    }

    /** The visitor reloads the page (F5): a new render, a new model, a new timepoint. */
    void revisit() {
        synchronized (this) {
            if (resyncing) {
                return;
            }
            resyncing = true;
            note("visitor reloads the page");
            if (socket != null) {
                socket.close("reload");
                socket = null;
            }
        }
        checker.count("reloads by the visitor");
        timers.execute(this::reload);
    }

    private void reload() {
        try {
            render();
        } catch (Exception | AssertionError e) { // the renderer may be unavailable for a moment (database restart)
            checker.count("reload failures (retried)");
            timers.schedule(this::reload, 500, TimeUnit.MILLISECONDS);
        }
    }

    private void fetchMissingTitles() {
        for (long roomId : model.missingTitles()) {
            if (fetching.add(roomId)) {
                int expected = generation;
                timers.schedule(() -> fetchTitle(expected, roomId, 0), random.nextInt(100), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void fetchTitle(int forGeneration, long roomId, int attempt) {
        try {
            HttpResponse<String> response = session.get("/api/rooms/" + roomId);
            checker.count("title fetches");
            synchronized (this) {
                if (forGeneration != generation) {
                    return;
                }
                if (response.statusCode() == 200) {
                    JsonNode room = JSON.readTree(response.body());
                    fetching.remove(roomId);
                    note("fetched " + response.body());
                    if (model.learnRoom(room.path("id").asLong(), room.path("title").asString(), room.path("version").asLong())) {
                        fetchMissingTitles();
                    }
                    return;
                }
                if (response.statusCode() == 404) {
                    fetching.remove(roomId);
                    return;
                }
            }
            throw new IllegalStateException("HTTP " + response.statusCode());
        } catch (Exception e) {
            if (attempt + 1 >= 5) {
                synchronized (this) {
                    fetching.remove(roomId);
                }
                checker.violation(name, "title of room " + roomId + " could not be fetched", e.toString());
                return;
            }
            timers.schedule(() -> fetchTitle(forGeneration, roomId, attempt + 1), 500L << attempt, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops reading the socket for {@code duration} if the page is connected and live; true if it did. */
    synchronized boolean stall(java.time.Duration duration) {
        if (socket == null || !caughtUp || resyncing) {
            return false;
        }
        note("stall reading for " + duration);
        checker.count("slow-client stalls");
        socket.stallFor(duration);
        return true;
    }

    /** Caught up with the final write: the beacon room shows at least that version and no title is missing. */
    synchronized boolean converged(long beaconRoom, long finalVersion) {
        HomePageModel.Title beacon = model.title(beaconRoom);
        return !resyncing && beacon != null && beacon.version() >= finalVersion && fetching.isEmpty()
                && model.missingTitles().isEmpty();
    }

    synchronized String state() {
        return "generation " + generation + (resyncing ? " resyncing" : "") + (socket == null ? " disconnected" : " connected")
                + " fetching " + fetching + " model " + model;
    }

    /** Every render so far, oldest first. */
    synchronized List<Render> renders() {
        return renderStates.stream().map(RenderState::snapshot).toList();
    }

    synchronized List<HomePageModel.Row> rows() {
        return model.rows();
    }

    synchronized String modelText() {
        return model.toString();
    }

    synchronized String recentFrames() {
        return String.join("\n", recent);
    }

    /** Closes the page for good (the visitor navigates away). */
    synchronized void stop() {
        generation++;
        resyncing = true;
        if (socket != null) {
            socket.abort();
            socket = null;
        }
    }

    private void note(String event) {
        if (recent.size() == RECENT) {
            recent.removeFirst();
        }
        recent.addLast("      " + event);
    }
}
