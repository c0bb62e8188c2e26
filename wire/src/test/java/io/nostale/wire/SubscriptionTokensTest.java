package io.nostale.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SubscriptionTokensTest {

    private static final String KEY_A = "a:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final String KEY_B = "b:" + Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
    private static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final SubscriptionClaims CLAIMS = new SubscriptionClaims(42, "home",
            Timepoint.parse("0/1A2B3C4@755:759:756,757@2026-11-25T19:40:00.123Z"), NOW.plusSeconds(60));

    @Test
    void acceptsWhatItSigned() {
        SubscriptionTokens tokens = new SubscriptionTokens(SigningKeys.parse(KEY_A), CLOCK);
        assertThat(tokens.verify(tokens.sign(CLAIMS))).isEqualTo(new TokenCheck.Accepted(CLAIMS));
    }

    @Test
    void roomPageGrantsTravelSignedAndPagesWithoutGrantsKeepTheFourLinePayload() {
        SubscriptionTokens tokens = new SubscriptionTokens(SigningKeys.parse(KEY_A), CLOCK);
        SubscriptionClaims owner = new SubscriptionClaims(42, "room:7", CLAIMS.timepoint(), CLAIMS.expiresAt(),
                java.util.Set.of(PageGrant.OWNER, PageGrant.MEMBER));

        assertThat(tokens.verify(tokens.sign(owner))).isEqualTo(new TokenCheck.Accepted(owner));
        assertThat(payload(tokens.sign(owner))).endsWith("\nmember,owner");
        assertThat(payload(tokens.sign(CLAIMS)).split("\n", -1)).hasSize(4);
    }

    @Test
    void theReplayToolReadsTheClaimsOfAnExpiredTokenOrOneSignedWithAKeyItDoesNotHave() {
        SubscriptionTokens other = new SubscriptionTokens(SigningKeys.parse(KEY_B), CLOCK);
        SubscriptionClaims owner = new SubscriptionClaims(42, "room:7", CLAIMS.timepoint(), NOW.minusSeconds(3600),
                java.util.Set.of(PageGrant.OWNER, PageGrant.MEMBER));
        assertThat(SubscriptionTokens.claimsOf(other.sign(owner))).isEqualTo(owner);
        for (String bad : new String[] {"", "v1.a.bm90IGNsYWltcw.x", resigned("42\nhome"), "v2." + other.sign(CLAIMS)}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubscriptionTokens.claimsOf(bad)).as(bad)
                    .isInstanceOf(MalformedValueException.class);
        }
    }

    @Test
    void signedButNonCanonicalGrantsAreRefused() {
        SubscriptionTokens tokens = new SubscriptionTokens(SigningKeys.parse(KEY_A), CLOCK);
        String base = payload(tokens.sign(CLAIMS));
        for (String grants : new String[] {"", "owner,member", "member,member", "admin", " member", "member,"}) {
            assertThat(reason(tokens, resigned(base + "\n" + grants))).as(grants).isEqualTo(TokenCheck.Reason.MALFORMED);
        }
    }

    /** A token over an arbitrary payload, correctly signed with key A (what a leaked key or a signer bug makes). */
    private static String resigned(String payload) {
        try {
            String signed = "v1.a." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static String payload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[2]), StandardCharsets.UTF_8);
    }

    @Test
    void acceptsOldKeyDuringRotation() {
        String signedWithA = new SubscriptionTokens(SigningKeys.parse(KEY_A), CLOCK).sign(CLAIMS);
        SubscriptionTokens rotated = new SubscriptionTokens(SigningKeys.parse(KEY_B + "," + KEY_A), CLOCK);
        assertThat(rotated.verify(signedWithA)).isInstanceOf(TokenCheck.Accepted.class);
        assertThat(rotated.sign(CLAIMS)).startsWith("v1.b.");
    }

    @Test
    void rejectsForgedTamperedExpiredAndUnknownKeyTokens() {
        SubscriptionTokens tokens = new SubscriptionTokens(SigningKeys.parse(KEY_A), CLOCK);
        String token = tokens.sign(CLAIMS);
        String[] parts = token.split("\\.");
        String otherUser = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8).replaceFirst("42", "43")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(reason(tokens, parts[0] + "." + parts[1] + "." + otherUser + "." + parts[3]))
                .isEqualTo(TokenCheck.Reason.BAD_SIGNATURE);
        assertThat(reason(new SubscriptionTokens(SigningKeys.parse(KEY_B), CLOCK), token))
                .isEqualTo(TokenCheck.Reason.UNKNOWN_KEY);
        assertThat(reason(new SubscriptionTokens(SigningKeys.parse(KEY_A), Clock.offset(CLOCK, java.time.Duration.ofMinutes(2))), token))
                .isEqualTo(TokenCheck.Reason.EXPIRED);
        assertThat(reason(tokens, "garbage")).isEqualTo(TokenCheck.Reason.MALFORMED);
        assertThat(reason(tokens, null)).isEqualTo(TokenCheck.Reason.MALFORMED);
        assertThat(reason(tokens, token.substring(0, token.length() - 1))).isEqualTo(TokenCheck.Reason.MALFORMED);
    }

    @Test
    void rejectsShortOrDuplicateKeys() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SigningKeys.parse("a:c2hvcnQ="))
                .isInstanceOf(MalformedValueException.class).hasMessageNotContaining("c2hvcnQ");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SigningKeys.parse(KEY_A + "," + KEY_A))
                .isInstanceOf(MalformedValueException.class);
    }

    private static TokenCheck.Reason reason(SubscriptionTokens tokens, String token) {
        return ((TokenCheck.Rejected) tokens.verify(token)).reason();
    }
}
