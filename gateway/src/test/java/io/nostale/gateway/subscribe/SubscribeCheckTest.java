package io.nostale.gateway.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.gateway.protocol.ResumePoint;
import io.nostale.pages.PageFilters;
import io.nostale.pages.delivery.ResyncReason;
import io.nostale.wire.PageGrant;
import io.nostale.wire.ResumeProofs;
import io.nostale.wire.SigningKeys;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.SubscriptionTokens;
import io.nostale.wire.Timepoint;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Every answer {@link SubscribeCheck#check} gives, with real tokens and resume proofs. */
class SubscribeCheckTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final String STREAM = "stream-1";
    private static final SigningKeys KEYS = keys("gw", "the-gateway-secret-0123456789abcdef");
    /** Same key id, another secret: what a forger without the secret signs with. */
    private static final SigningKeys FORGER = keys("gw", "not-the-secret-0123456789abcdef-xyz");
    private static final SigningKeys UNKNOWN = keys("old", "a-retired-secret-0123456789abcdef-xy");
    private static final Timepoint TIMEPOINT = Timepoint.parse("16/B374D848@755:759:756,757@2026-12-03T11:59:59.123Z");
    private static final Timepoint OTHER_TIMEPOINT = Timepoint.parse("16/B374D848@755:760:756,757@2026-12-03T11:59:59.123Z");
    private static final StreamPosition POSITION = StreamPosition.parse("16/B3750000#16/B3750010");

    private final SubscriptionTokens tokens = new SubscriptionTokens(KEYS, Clock.fixed(NOW, ZoneOffset.UTC));
    private final ResumeProofs proofs = new ResumeProofs(KEYS);
    private final AtomicReference<Optional<String>> stream = new AtomicReference<>(Optional.of(STREAM));
    private final SubscribeCheck check = new SubscribeCheck(JsonMapper.builder().build(), tokens, proofs, stream::get);

    private final SubscriptionClaims home = claims(7, "home");
    private final SubscriptionClaims room = claims(7, "room:42", PageGrant.MEMBER);

    // ---- the frame and the token ------------------------------------------------------------------------------

    @Test
    void refusesAMalformedFrameWith4400BadMessage() {
        for (String frame : new String[] {"{not json", "[]", "{\"type\":\"subscribe\"}",
                "{\"type\":\"hello\",\"token\":\"t\",\"timepoint\":\"tp\"}",
                "{\"type\":\"subscribe\",\"token\":\"t\",\"timepoint\":\"tp\",\"resum\":{}}"}) {
            assertRefused(check.check(frame), 4400, "bad-message");
        }
    }

    @Test
    void refusesForgedUnknownKeyAndMalformedTokensWith4401BadToken() {
        String signed = tokens.sign(home);
        String forged = new SubscriptionTokens(FORGER, Clock.fixed(NOW, ZoneOffset.UTC)).sign(home);
        String unknownKey = new SubscriptionTokens(UNKNOWN, Clock.fixed(NOW, ZoneOffset.UTC)).sign(home);
        // Another user's page under a valid signature of someone else's claims: the payload swapped.
        String[] parts = signed.split("\\.");
        String swapped = parts[0] + "." + parts[1] + "." + tokens.sign(claims(8, "home")).split("\\.")[2] + "." + parts[3];
        for (String token : new String[] {forged, unknownKey, swapped, "v1.gw.nope", ""}) {
            assertRefused(check.check(subscribe(token, TIMEPOINT, "")), 4401, "bad-token");
        }
        assertThat(check.check(subscribe(signed, TIMEPOINT, ""))).isInstanceOf(Admission.Accept.class);
    }

    @Test
    void anExpiredTokenResyncsSoThePageReloadsForANewOne() {
        SubscriptionClaims expired = new SubscriptionClaims(7, "home", TIMEPOINT, NOW);
        assertThat(check.check(subscribe(tokens.sign(expired), TIMEPOINT, "")))
                .isInstanceOfSatisfying(Admission.Resync.class,
                        resync -> assertThat(resync.reason()).isEqualTo(ResyncReason.TOKEN_EXPIRED));
        // One second before expiry it is still good.
        SubscriptionClaims lastSecond = new SubscriptionClaims(7, "home", TIMEPOINT, NOW.plusSeconds(1));
        assertThat(check.check(subscribe(tokens.sign(lastSecond), TIMEPOINT, ""))).isInstanceOf(Admission.Accept.class);
    }

    @Test
    void anExpiredForgedTokenIsRefusedNotResynced() {
        SubscriptionClaims expired = new SubscriptionClaims(7, "home", TIMEPOINT, NOW.minusSeconds(60));
        String forged = new SubscriptionTokens(FORGER, Clock.fixed(NOW, ZoneOffset.UTC)).sign(expired);
        assertRefused(check.check(subscribe(forged, TIMEPOINT, "")), 4401, "bad-token");
    }

    // ---- the timepoint ----------------------------------------------------------------------------------------

    @Test
    void refusesAnUnreadableTimepointWith4400BadTimepoint() {
        String token = tokens.sign(home);
        for (String timepoint : new String[] {"0/1@nope@x", "", "16/B374D848@755:759:756,757", "16/B374D848@9:1:@"
                + "2026-12-03T11:59:59Z"}) {
            assertRefused(check.check(frame(token, timepoint, "")), 4400, "bad-timepoint");
        }
    }

    @Test
    void refusesATimepointTheTokenWasNotIssuedForWith4401() {
        assertRefused(check.check(subscribe(tokens.sign(home), OTHER_TIMEPOINT, "")), 4401, "bad-token");
        // The same timepoint spelled differently (lower-case hex) is the same timepoint.
        assertThat(check.check(frame(tokens.sign(home), TIMEPOINT.toString().replace("B374D848", "b374d848"), "")))
                .isInstanceOf(Admission.Accept.class);
    }

    // ---- the page and the stream ------------------------------------------------------------------------------

    /** An authentic token for a page this gateway does not serve is a bad token, paired with 4401 as every other. */
    @Test
    void refusesAPageThisGatewayDoesNotServeWith4401BadToken() {
        for (SubscriptionClaims unknown : new SubscriptionClaims[] {claims(7, "settings"), claims(7, "room:0"),
                claims(7, "room:9999999999999999999"), claims(7, "home", PageGrant.MEMBER),
                claims(7, "rooms", PageGrant.OWNER)}) {
            assertRefused(check.check(subscribe(tokens.sign(unknown), TIMEPOINT, "")), 4401, "bad-token");
        }
    }

    @Test
    void refusesWith4503UnavailableWhileTheChangeStreamIsNotFollowed() {
        stream.set(Optional.empty());
        assertRefused(check.check(subscribe(tokens.sign(home), TIMEPOINT, "")), 4503, "unavailable");
        assertRefused(check.check(subscribe(tokens.sign(room), TIMEPOINT, "")), 4503, "unavailable");
        stream.set(Optional.of("stream-2"));
        assertThat(check.check(subscribe(tokens.sign(home), TIMEPOINT, ""))).isInstanceOfSatisfying(
                Admission.Accept.class, accept -> assertThat(accept.stream()).isEqualTo("stream-2"));
    }

    // ---- acceptance and resume proofs -------------------------------------------------------------------------

    @Test
    void acceptsAFreshSubscriptionWithItsClaimsFilterAndStream() {
        assertThat(check.check(subscribe(tokens.sign(room), TIMEPOINT, "")))
                .isEqualTo(new Admission.Accept(room, PageFilters.forPage(room).orElseThrow(), Optional.empty(), STREAM));
        assertThat(check.check(subscribe(tokens.sign(home), TIMEPOINT, "")))
                .isEqualTo(new Admission.Accept(home, PageFilters.forPage(home).orElseThrow(), Optional.empty(), STREAM));
    }

    @Test
    void aRoomPageResumingWithoutAProofMustResync() {
        assertThat(check.check(subscribe(tokens.sign(room), TIMEPOINT, resume(STREAM, 5, POSITION, null))))
                .isInstanceOfSatisfying(Admission.Resync.class,
                        resync -> assertThat(resync.reason()).isEqualTo(ResyncReason.RESUME_UNPROVEN));
    }

    @Test
    void aRoomPageResumingWithAProofForAnythingElseMustResync() {
        String proof = proofs.prove(room, STREAM, 5, POSITION.toString());
        SubscriptionClaims otherRoom = claims(7, "room:43", PageGrant.MEMBER);
        SubscriptionClaims visitor = claims(7, "room:42");
        String[] wrong = {
            proofs.prove(room, STREAM, 6, POSITION.toString()),               // another offset
            proofs.prove(room, STREAM, 5, "16/B3750000#16/B3750011"),         // another position
            proofs.prove(room, "stream-0", 5, POSITION.toString()),           // another stream
            proofs.prove(otherRoom, STREAM, 5, POSITION.toString()),          // another page of the user
            proofs.prove(visitor, STREAM, 5, POSITION.toString()),            // the same page with other grants
            proofs.prove(claims(8, "room:42", PageGrant.MEMBER), STREAM, 5, POSITION.toString()), // another user
            new ResumeProofs(FORGER).prove(room, STREAM, 5, POSITION.toString()), // forged
            "gw.AAAAAAAAAAAAAAAAAAAAAA",
            proof.substring(0, proof.length() - 1),
        };
        for (String bad : wrong) {
            assertThat(check.check(subscribe(tokens.sign(room), TIMEPOINT, resume(STREAM, 5, POSITION, bad))))
                    .as("proof %s", bad).isInstanceOfSatisfying(Admission.Resync.class,
                            resync -> assertThat(resync.reason()).isEqualTo(ResyncReason.RESUME_UNPROVEN));
        }
    }

    @Test
    void aRoomPageResumingWithItsProofIsAcceptedFromItsResumePoint() {
        String proof = proofs.prove(room, STREAM, 5, POSITION.toString());
        assertThat(check.check(subscribe(tokens.sign(room), TIMEPOINT, resume(STREAM, 5, POSITION, proof))))
                .isEqualTo(new Admission.Accept(room, PageFilters.forPage(room).orElseThrow(),
                        Optional.of(new ResumePoint(STREAM, 5, POSITION, Optional.of(proof))), STREAM));
    }

    @Test
    void aHomePageResumesWithoutAProofBecauseItsAccessCannotChange() {
        assertThat(check.check(subscribe(tokens.sign(home), TIMEPOINT, resume(STREAM, 5, POSITION, null))))
                .isEqualTo(new Admission.Accept(home, PageFilters.forPage(home).orElseThrow(),
                        Optional.of(new ResumePoint(STREAM, 5, POSITION, Optional.empty())), STREAM));
        assertThat(check.check(subscribe(tokens.sign(claims(7, "rooms")), TIMEPOINT, resume(STREAM, 5, POSITION, null))))
                .isInstanceOf(Admission.Accept.class);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static void assertRefused(Admission admission, int code, String error) {
        assertThat(admission).isInstanceOfSatisfying(Admission.Refuse.class, refuse -> {
            assertThat(refuse.code()).isEqualTo(code);
            assertThat(refuse.error()).isEqualTo(error);
            assertThat(refuse.detail()).isNotBlank();
        });
    }

    private static SubscriptionClaims claims(long user, String page, PageGrant... grants) {
        return new SubscriptionClaims(user, page, TIMEPOINT, NOW.plusSeconds(600), Set.of(grants));
    }

    private static String subscribe(String token, Timepoint timepoint, String resume) {
        return frame(token, timepoint.toString(), resume);
    }

    private static String frame(String token, String timepoint, String resume) {
        return "{\"type\":\"subscribe\",\"token\":\"" + token + "\",\"timepoint\":\"" + timepoint + "\"" + resume + "}";
    }

    private static String resume(String stream, long offset, StreamPosition position, String proof) {
        return ",\"resume\":{\"stream\":\"" + stream + "\",\"offset\":" + offset + ",\"position\":\"" + position + "\""
                + (proof == null ? "" : ",\"proof\":\"" + proof + "\"") + "}";
    }

    private static SigningKeys keys(String id, String secret) {
        return SigningKeys.parse(id + ":" + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
    }
}
