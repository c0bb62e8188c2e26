package io.nostale.gateway.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nostale.gateway.catchup.BrokerUnavailableException;
import io.nostale.gateway.catchup.ResyncReason;
import io.nostale.gateway.catchup.StartDecision;
import io.nostale.gateway.catchup.StartPointFinder;
import io.nostale.gateway.page.PageFilter;
import io.nostale.gateway.page.PageFilters;
import io.nostale.gateway.stream.TailFollower;
import io.nostale.wire.MalformedValueException;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.SubscriptionTokens;
import io.nostale.wire.Timepoint;
import io.nostale.wire.TokenCheck;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The {@code /live} endpoint: accepts one subscribe frame per socket, checks it, finds where the replay starts
 * and hands the socket to a {@link Subscription}. Every refusal says why, with a close code from the protocol.
 */
@Component
class LiveHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(LiveHandler.class);
    private static final String DECORATED = "nostale.decorated";
    private static final String TIMEOUT = "nostale.subscribeTimeout";
    private static final String SUBSCRIBED = "nostale.subscribed";
    private static final String QUOTA_USER = "nostale.quotaUser";

    private final SubscriptionTokens tokens;
    private final StartPointFinder startPoints;
    private final TailFollower tail;
    private final Subscriptions subscriptions;
    private final Delivery delivery;
    private final ConnectionQuota quota;
    private final java.util.concurrent.ScheduledExecutorService timers;
    private final java.util.concurrent.ScheduledExecutorService closer;
    private final Counter aborted;

    LiveHandler(SubscriptionTokens tokens, StartPointFinder startPoints, TailFollower tail, Subscriptions subscriptions,
            Delivery delivery, ConnectionQuota quota,
            @Qualifier("sessionTimers") java.util.concurrent.ScheduledExecutorService timers,
            @Qualifier("sessionCloser") java.util.concurrent.ScheduledExecutorService closer, MeterRegistry meters) {
        this.tokens = tokens;
        this.startPoints = startPoints;
        this.tail = tail;
        this.subscriptions = subscriptions;
        this.delivery = delivery;
        this.quota = quota;
        this.timers = timers;
        this.closer = closer;
        this.aborted = Counter.builder("nostale.gateway.connections.aborted")
                .description("Connections closed without a close frame: the client took nothing within the close grace")
                .register(meters);
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) {
        WebSocketSession session = new FrameWriter(raw, nativeSocket(raw), delivery.properties().sendTimeLimit(),
                delivery.properties().closeGrace(), closer, aborted::increment);
        raw.getAttributes().put(DECORATED, session);
        ScheduledFuture<?> timeout = timers.schedule(() -> refuse(session, CloseCodes.SUBSCRIBE_TIMEOUT,
                "subscribe-timeout", "no subscribe frame within " + delivery.properties().subscribeTimeout()),
                delivery.properties().subscribeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        raw.getAttributes().put(TIMEOUT, timeout);
    }

    @Override
    protected void handleTextMessage(WebSocketSession raw, TextMessage message) {
        log.debug("Socket {}: subscribe frame ({} chars)", raw.getId(), message.getPayloadLength());
        WebSocketSession session = (WebSocketSession) raw.getAttributes().get(DECORATED);
        if (raw.getAttributes().putIfAbsent(SUBSCRIBED, Boolean.TRUE) != null) {
            refuse(session, CloseCodes.BAD_REQUEST, "bad-message", "only one subscribe frame is accepted per connection");
            return;
        }
        ((ScheduledFuture<?>) raw.getAttributes().get(TIMEOUT)).cancel(false);
        SubscribeRequest request;
        try {
            request = SubscribeRequest.parse(delivery.json(), message.getPayload());
        } catch (MalformedValueException e) {
            refuse(session, CloseCodes.BAD_REQUEST, "bad-message", e.getMessage());
            return;
        }
        TokenCheck check = tokens.verify(request.token());
        if (check instanceof TokenCheck.Rejected rejected) {
            if (rejected.reason() == TokenCheck.Reason.EXPIRED) {
                resyncBeforeStart(session, ResyncReason.TOKEN_EXPIRED, rejected.detail());
            } else {
                refuse(session, CloseCodes.UNAUTHORIZED, "bad-token", rejected.detail());
            }
            return;
        }
        SubscriptionClaims claims = ((TokenCheck.Accepted) check).claims();
        if (!quota.tryAcquire(claims.userId())) {
            refuse(session, CloseCodes.TOO_MANY_CONNECTIONS, "too-many-connections",
                    "user already holds " + quota.limit() + " connections");
            return;
        }
        raw.getAttributes().put(QUOTA_USER, claims.userId());
        if (!raw.isOpen() && raw.getAttributes().remove(QUOTA_USER) != null) {
            quota.release(claims.userId()); // closed while we were checking: afterConnectionClosed saw no slot
            return;
        }
        subscribe(session, request, claims);
    }

    private void subscribe(WebSocketSession session, SubscribeRequest request, SubscriptionClaims claims) {
        Timepoint timepoint;
        try {
            timepoint = Timepoint.parse(request.timepoint());
        } catch (MalformedValueException e) {
            refuse(session, CloseCodes.BAD_REQUEST, "bad-timepoint", e.getMessage());
            return;
        }
        if (!timepoint.equals(claims.timepoint())) {
            refuse(session, CloseCodes.UNAUTHORIZED, "bad-token", "token was not issued for this timepoint");
            return;
        }
        Optional<PageFilter> filter = PageFilters.forPage(claims);
        Optional<String> streamId = tail.streamId();
        if (filter.isEmpty()) {
            refuse(session, CloseCodes.BAD_REQUEST, "bad-token", "page " + claims.page() + " is not served by this gateway");
        } else if (streamId.isEmpty() || !tail.isFollowing()) {
            refuse(session, CloseCodes.UNAVAILABLE, "unavailable", "change stream not available yet; retry");
        } else if (filter.get().needsResumeProof() && !resumeProven(request, claims)) {
            resyncBeforeStart(session, ResyncReason.RESUME_UNPROVEN, "this page can resume only from a point the"
                    + " gateway streamed it to; reload it");
        } else {
            delivery.catchUp().execute(() -> start(session, request, claims, filter.get(), streamId.get()));
        }
    }

    /** No resume, or a resume point with this subscription's proof. */
    private boolean resumeProven(SubscribeRequest request, SubscriptionClaims claims) {
        return request.resume().map(resume -> resume.proof().filter(proof -> delivery.proofs().verify(proof, claims,
                resume.stream(), resume.offset(), resume.position().toString())).isPresent()).orElse(true);
    }

    private void start(WebSocketSession session, SubscribeRequest request, SubscriptionClaims claims,
            PageFilter filter, String streamId) {
        long userId = claims.userId();
        try {
            StartDecision decision = startPoints.find(claims.timepoint(), request.resume(), streamId);
            if (decision instanceof StartDecision.Resync resync) {
                resyncBeforeStart(session, resync.reason(), resync.detail());
            } else if (session.isOpen()) {
                StartDecision.Start from = (StartDecision.Start) decision;
                log.debug("Socket {} user {}: subscribed from offset {} after {}", session.getId(), userId, from.offset(), from.applied());
                subscriptions.add(session.getId(), new Subscription(session, claims, filter, streamId,
                        new Progress(from.offset(), from.applied()), delivery));
            }
        } catch (BrokerUnavailableException e) {
            log.warn("User {}: cannot start replay, Kafka unavailable: {}", userId, e.getMessage());
            refuse(session, CloseCodes.UNAVAILABLE, "unavailable", "change stream unavailable; retry");
        }
    }

    private void resyncBeforeStart(WebSocketSession session, ResyncReason reason, String detail) {
        log.info("Resync before start ({}): {}", reason.wireName(), detail);
        delivery.metrics().resync(reason);
        sendThenClose(session, ServerMessage.resync(reason.wireName(), detail),
                CloseCodes.status(CloseCodes.RESYNC, reason.wireName()));
    }

    private void refuse(WebSocketSession session, int code, String errorCode, String detail) {
        log.info("Refusing socket {} ({}): {}", session.getId(), errorCode, detail);
        sendThenClose(session, ServerMessage.error(errorCode, detail), CloseCodes.status(code, errorCode));
    }

    private void sendThenClose(WebSocketSession session, ServerMessage message, CloseStatus status) {
        // Queued on the socket, then the close: the caller never waits for the client, and the socket is closed
        // even when the explanation cannot be delivered (a refused socket must never stay open and silent).
        FrameWriter.of(session).finish(Optional.of(delivery.json().writeValueAsString(message)), status);
    }

    private static jakarta.websocket.Session nativeSocket(WebSocketSession session) {
        return ((org.springframework.web.socket.adapter.NativeWebSocketSession) session)
                .getNativeSession(jakarta.websocket.Session.class);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession raw, CloseStatus status) {
        log.debug("Socket {} closed: {}", raw.getId(), status);
        if (raw.getAttributes().get(DECORATED) instanceof FrameWriter writer) {
            writer.closed();
        }
        Object timeout = raw.getAttributes().get(TIMEOUT);
        if (timeout instanceof ScheduledFuture<?> future) {
            future.cancel(false);
        }
        subscriptions.remove(raw.getId());
        if (raw.getAttributes().remove(QUOTA_USER) instanceof Long userId) {
            quota.release(userId);
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("Transport error on socket {}: {}", session.getId(), exception.toString());
    }
}
