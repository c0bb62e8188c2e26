package io.nostale.gateway.subscribe;

import io.nostale.gateway.protocol.CloseCodes;
import io.nostale.gateway.protocol.SubscribeRequest;
import io.nostale.pages.PageFilter;
import io.nostale.pages.PageFilters;
import io.nostale.pages.delivery.ResyncReason;
import io.nostale.wire.MalformedValueException;
import io.nostale.wire.ResumeProofs;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.SubscriptionTokens;
import io.nostale.wire.Timepoint;
import io.nostale.wire.TokenCheck;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides what becomes of a subscribe frame, before any replay: the frame, the token, the timepoint, the page and the
 * resume proof, each refused with its own close code (docs/protocol.md). No I/O: the same frame, keys, clock and
 * stream give the same answer. (The per-user quota and the gateway's capacity are counted by the caller.)
 */
public final class SubscribeCheck {

    private final JsonMapper json;
    private final SubscriptionTokens tokens;
    private final ResumeProofs proofs;
    private final Supplier<Optional<String>> stream;

    /** {@code stream}: the change stream's id while the tail follows it, empty otherwise. */
    public SubscribeCheck(JsonMapper json, SubscriptionTokens tokens, ResumeProofs proofs,
            Supplier<Optional<String>> stream) {
        this.json = json;
        this.tokens = tokens;
        this.proofs = proofs;
        this.stream = stream;
    }

    public Admission check(String frame) {
        SubscribeRequest request;
        try {
            request = SubscribeRequest.parse(json, frame);
        } catch (MalformedValueException e) {
            return new Admission.Refuse(CloseCodes.BAD_REQUEST, "bad-message", e.getMessage());
        }
        TokenCheck check = tokens.verify(request.token());
        if (check instanceof TokenCheck.Rejected rejected) {
            return rejected.reason() == TokenCheck.Reason.EXPIRED
                    ? new Admission.Resync(ResyncReason.TOKEN_EXPIRED, rejected.detail())
                    : new Admission.Refuse(CloseCodes.UNAUTHORIZED, "bad-token", rejected.detail());
        }
        SubscriptionClaims claims = ((TokenCheck.Accepted) check).claims();
        Timepoint timepoint;
        try {
            timepoint = Timepoint.parse(request.timepoint());
        } catch (MalformedValueException e) {
            return new Admission.Refuse(CloseCodes.BAD_REQUEST, "bad-timepoint", e.getMessage());
        }
        if (!timepoint.equals(claims.timepoint())) {
            return new Admission.Refuse(CloseCodes.UNAUTHORIZED, "bad-token", "token was not issued for this timepoint");
        }
        Optional<PageFilter> filter = PageFilters.forPage(claims);
        if (filter.isEmpty()) {
            return new Admission.Refuse(CloseCodes.UNAUTHORIZED, "bad-token",
                    "page " + claims.page() + " is not served by this gateway");
        }
        Optional<String> streamId = stream.get();
        if (streamId.isEmpty()) {
            return new Admission.Refuse(CloseCodes.UNAVAILABLE, "unavailable", "change stream not available yet; retry");
        }
        if (filter.get().needsResumeProof() && !resumeProven(request, claims)) {
            return new Admission.Resync(ResyncReason.RESUME_UNPROVEN,
                    "this page can resume only from a point the gateway streamed it to; reload it");
        }
        return new Admission.Accept(claims, filter.get(), request.resume(), streamId.get());
    }

    /** No resume, or a resume point with this subscription's proof. */
    private boolean resumeProven(SubscribeRequest request, SubscriptionClaims claims) {
        return request.resume().map(resume -> resume.proof().filter(proof -> proofs.verify(proof, claims,
                resume.stream(), resume.offset(), resume.position().toString())).isPresent()).orElse(true);
    }
}
