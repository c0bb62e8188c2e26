package io.nostale.gateway.session;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Writes one socket's frames so that no frame is ever cut and no close ever waits on a stalled client's thread.
 *
 * <p>Each frame goes to the container's non-blocking writer; the sending thread waits for it at most the send time
 * limit. A frame the client does not take in time is not abandoned half-written (a blocking write that times out
 * leaves the socket mid-frame, and the container can then only cut the connection: the client gets a truncated
 * frame and an abnormal close, and the JDK's WebSocket client may even miss that end and stay silent). It stays in
 * flight: the sender is told the client is too slow ({@link SessionLimitExceededException}) and leaves.
 *
 * <p>Closing queues behind the frame in flight: optionally a last frame (the {@code resync}), then the close frame,
 * written by the closer pool, never by a delivery thread. A client that reads again within the grace receives
 * everything in order and the close code; one that does not loses its TCP connection when the grace is over (the
 * close frame cannot be written, so the container closes the connection), which it sees as an abnormal close.
 */
final class FrameWriter extends WebSocketSessionDecorator {

    private static final Logger log = LoggerFactory.getLogger(FrameWriter.class);
    /** Tomcat's bound on writing a close frame with a code other than 1000 (default 50 ms). */
    private static final String CLOSE_SEND_TIMEOUT = "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT";
    /** Tomcat's bound on blocking writes (the close frame of a normal close 1000). */
    private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final jakarta.websocket.Session socket;
    private final Duration sendTimeLimit;
    private final Duration grace;
    private final ScheduledExecutorService closer;
    private final Runnable onAbort;
    /** One frame at a time: the container refuses a second message while one is being written. */
    private final ReentrantLock sending = new ReentrantLock();
    private final AtomicBoolean finishing = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
    private volatile ScheduledFuture<?> abortTimer;

    FrameWriter(WebSocketSession session, jakarta.websocket.Session socket, Duration sendTimeLimit, Duration grace,
            ScheduledExecutorService closer, Runnable onAbort) {
        super(session);
        this.socket = socket;
        this.sendTimeLimit = sendTimeLimit;
        this.grace = grace;
        this.closer = closer;
        this.onAbort = onAbort;
        socket.getUserProperties().put(BLOCKING_SEND_TIMEOUT, sendTimeLimit.toMillis());
    }

    /** The writer of a session that {@link LiveHandler} handed out. */
    static FrameWriter of(WebSocketSession session) {
        if (session instanceof FrameWriter writer) {
            return writer;
        }
        throw new IllegalStateException("socket " + session.getId() + " has no frame writer");
    }

    /**
     * Writes a text frame, waiting at most the send time limit for the client to take it (and any frame before
     * it). Throws {@link SessionLimitExceededException} when it did not: the frame stays in flight, whole.
     */
    @Override
    public void sendMessage(WebSocketMessage<?> message) throws IOException {
        if (!(message instanceof TextMessage text)) {
            throw new IllegalArgumentException("only text frames are sent on /live");
        }
        long deadline = System.nanoTime() + sendTimeLimit.toNanos();
        try {
            if (!sending.tryLock(sendTimeLimit.toNanos(), TimeUnit.NANOSECONDS)) {
                throw tooSlow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to send");
        }
        try {
            if (finishing.get()) {
                throw new IOException("socket " + getId() + " is closing");
            }
            await(inFlight, deadline); // the frame before, if a previous sender gave up on it
            CompletableFuture<Void> sent = write(text.getPayload());
            inFlight = sent;
            await(sent, deadline);
        } finally {
            sending.unlock();
        }
    }

    /** Closes after the frame in flight, if any, on the closer; see {@link #finish}. */
    @Override
    public void close(CloseStatus status) {
        finish(Optional.empty(), status);
    }

    /**
     * Ends the socket without blocking the caller: after the frame in flight (if any) and then {@code lastFrame}
     * (if any) were written, the closer writes the close frame. If that has not happened within the grace, the
     * connection is closed for real. Only the first call counts.
     */
    void finish(Optional<String> lastFrame, CloseStatus status) {
        if (!finishing.compareAndSet(false, true)) {
            return;
        }
        try {
            ScheduledFuture<?> abort = closer.schedule(() -> abort(status), grace.toMillis(), TimeUnit.MILLISECONDS);
            abortTimer = abort;
            if (sending.tryLock()) {
                try {
                    closeAfter(inFlight, lastFrame, status, abort);
                } finally {
                    sending.unlock();
                }
            } else {
                // A sender is between its write and publishing it; it leaves within the send time limit.
                closer.execute(() -> {
                    sending.lock();
                    try {
                        closeAfter(inFlight, lastFrame, status, abort);
                    } finally {
                        sending.unlock();
                    }
                });
            }
        } catch (RejectedExecutionException e) {
            closeNow(status, Duration.ofMillis(50)); // shutting down: no closer any more, close at once
        }
    }

    private void closeAfter(CompletableFuture<Void> before, Optional<String> lastFrame, CloseStatus status,
            ScheduledFuture<?> abort) {
        before.exceptionally(failure -> null)
                .thenCompose(done -> lastFrame.map(this::write).orElseGet(() -> CompletableFuture.completedFuture(null)))
                .whenCompleteAsync((done, failure) -> {
                    if (failure != null) {
                        log.debug("Socket {}: last frame not sent: {}", getId(), failure.toString());
                    }
                    // The client has just taken a frame: the close frame gets as long as any frame.
                    closeNow(status, sendTimeLimit);
                    abort.cancel(false);
                }, closer);
    }

    /**
     * The container closed the socket (client gone, close handshake done, connection cut). A frame in flight
     * then never completes (a message cut between two of its parts is never reported), so stop waiting for it.
     */
    void closed() {
        ended.set(true);
        inFlight.completeExceptionally(new IOException("socket " + getId() + " was closed"));
        ScheduledFuture<?> abort = abortTimer;
        if (abort != null) {
            abort.cancel(false);
        }
    }

    private CompletableFuture<Void> write(String text) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            socket.getAsyncRemote().sendText(text, result -> {
                if (result.isOK()) {
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(result.getException());
                }
            });
        } catch (RuntimeException e) { // closed meanwhile, or the container refused the frame
            sent.completeExceptionally(e);
        }
        return sent;
    }

    private void await(CompletableFuture<Void> frame, long deadline) throws IOException {
        try {
            frame.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw tooSlow();
        } catch (ExecutionException e) {
            throw new IOException("frame not sent on socket " + getId(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending");
        }
    }

    private SessionLimitExceededException tooSlow() {
        return new SessionLimitExceededException("a frame was not accepted within " + sendTimeLimit,
                CloseStatus.SESSION_NOT_RELIABLE);
    }

    /** Nothing was written for the whole grace: close the connection, the close frame cannot get through. */
    private void abort(CloseStatus status) {
        if (ended.get()) {
            return;
        }
        log.info("Socket {}: the client took no frame within {} of its close; closing the connection", getId(), grace);
        onAbort.run();
        // The close frame cannot be written while the frame in flight holds the socket: Tomcat then closes the
        // connection at once, and the client sees it end (abnormally) as soon as it reads.
        closeNow(status, Duration.ofMillis(1));
    }

    private void closeNow(CloseStatus status, Duration closeFrameTimeLimit) {
        ended.set(true);
        socket.getUserProperties().put(CLOSE_SEND_TIMEOUT, Math.max(1, closeFrameTimeLimit.toMillis()));
        try {
            getDelegate().close(status);
        } catch (IOException | RuntimeException e) {
            log.debug("Closing socket {} failed: {}", getId(), e.toString());
        }
    }
}
