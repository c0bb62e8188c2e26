package io.nostale.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link SubscriptionTokens#verify}: valid tokens under both rotation keys, text mutations of them,
 * tokens with a swapped payload, key id or signature, forgeries under the right key id with the wrong
 * secret, base64 edge cases (padding, the standard alphabet, non-canonical trailing bits), and payloads
 * signed with the real key that a buggy signer could have produced. verify must never throw, must accept a
 * token only when it is byte-identical to one the renderer signed (or carries a genuine signature), and no
 * rejection may reveal key material or echo the token.
 */
class SubscriptionTokenFuzzTest {

    private static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final List<String> PAGES = List.of("home", "room:1", "room:42", "room:9223372036854775807", "rooms",
            "a", "x-1:0");

    private final long seed = Fuzz.seed("SubscriptionTokenFuzzTest");
    private final Random random = new Random(seed);
    private final byte[] secret1 = secret();
    private final byte[] secret2 = secret();
    private final byte[] forgedSecret = secret();
    private final SubscriptionTokens verifier = tokens("k1", secret1, "k2", secret2);
    private final SubscriptionTokens signerAfterRotation = tokens("k2", secret2, "k1", secret1);
    private final SubscriptionTokens forgerSameKeyId = tokens("k1", forgedSecret);
    private final SubscriptionTokens forgerUnknownKey = tokens("k3", forgedSecret);
    /** Every token the renderer's keys signed in this run; only these may be accepted. */
    private final Map<String, SubscriptionClaims> issued = new HashMap<>();

    @Test
    void verifyAcceptsOnlyGenuineTokensAndRejectsEverythingElseCleanly() {
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < Fuzz.RUNS; i++) {
            SubscriptionClaims claims = claims();
            String token = (random.nextBoolean() ? verifier : signerAfterRotation).sign(claims);
            issued.put(token, claims);
            Input input = input(token, claims);
            TokenCheck check = verify(input.token());
            if (check instanceof TokenCheck.Accepted ok) {
                accepted++;
                assertAcceptable(input, ok.claims());
            } else {
                rejected++;
                assertRejectedAsExpected(input, (TokenCheck.Rejected) check);
            }
        }
        assertThat(accepted + rejected).isGreaterThanOrEqualTo(10_000);
        assertThat(accepted).as("accepted").isGreaterThan(Fuzz.RUNS / 20);
        assertThat(rejected).as("rejected").isGreaterThan(Fuzz.RUNS / 2);
    }

    /** A token to verify, and the reason it must be rejected for (empty: genuine, or any reason will do). */
    private record Input(String token, String kind, TokenCheck.Reason mustBe, boolean genuinelySigned) {
    }

    private Input input(String token, SubscriptionClaims claims) {
        String[] p = token.split("\\.");
        return switch (random.nextInt(16)) {
            case 0, 1 -> new Input(token, "unmodified", null, true);
            case 2, 3, 4, 5 -> new Input(Fuzz.mutate(random, token, "."), "text mutation", null, false);
            case 6 -> new Input(join(p[0], p[1], alteredPayload(claims), p[3]), "altered payload", TokenCheck.Reason.BAD_SIGNATURE, false);
            case 7 -> new Input(join(p[0], p[1].equals("k1") ? "k2" : "k1", p[2], p[3]), "swapped key id", TokenCheck.Reason.BAD_SIGNATURE, false);
            case 8 -> new Input(join(p[0], p[1], p[2], verifier.sign(claims()).split("\\.")[3]), "signature of another token",
                    TokenCheck.Reason.BAD_SIGNATURE, false);
            case 9 -> new Input(forgerSameKeyId.sign(claims), "forged with the wrong secret", TokenCheck.Reason.BAD_SIGNATURE, false);
            case 10 -> new Input(forgerUnknownKey.sign(claims), "unknown key id", TokenCheck.Reason.UNKNOWN_KEY, false);
            case 11 -> new Input(join(p[0], p[1], p[2], nonCanonicalSignature(p[3])), "non-canonical signature bits", null, false);
            case 12 -> base64EdgeCase(p);
            case 13 -> signedPayload(claims);
            case 14 -> shapeBreaker(p);
            default -> new Input(junk(), "junk", TokenCheck.Reason.MALFORMED, false);
        };
    }

    private void assertAcceptable(Input input, SubscriptionClaims claims) {
        SubscriptionClaims expected = issued.get(input.token());
        if (expected != null) {
            assertThat(claims).as(() -> context(input)).isEqualTo(expected);
        } else if (input.genuinelySigned()) {
            // a payload our own key signed: whatever it decoded to must be a valid, re-issuable grant
            TokenCheck again = verifier.verify(verifier.sign(claims));
            assertThat(again).as(() -> context(input)).isEqualTo(new TokenCheck.Accepted(claims));
        } else {
            fail(context(input) + ": accepted a token that differs from every token the keys signed");
        }
        assertThat(claims.expiresAt()).as(() -> context(input)).isAfter(NOW);
    }

    private void assertRejectedAsExpected(Input input, TokenCheck.Rejected rejection) {
        SubscriptionClaims original = issued.get(input.token());
        if (original != null && original.expiresAt().isAfter(NOW)) {
            fail(context(input) + ": rejected a genuine, unexpired token: " + rejection);
        }
        if (original != null) {
            assertThat(rejection.reason()).as(() -> context(input)).isEqualTo(TokenCheck.Reason.EXPIRED);
        } else if (input.mustBe() != null) {
            assertThat(rejection.reason()).as(() -> context(input)).isEqualTo(input.mustBe());
        }
        String detail = rejection.detail();
        assertThat(detail).as(() -> context(input)).isNotBlank().hasSizeLessThan(300);
        for (byte[] secret : List.of(secret1, secret2, forgedSecret)) {
            assertThat(detail).as(() -> context(input)).doesNotContain(Base64.getEncoder().encodeToString(secret))
                    .doesNotContain(URL.encodeToString(secret)).doesNotContainIgnoringCase(HexFormat.of().formatHex(secret))
                    .doesNotContain(new String(secret, StandardCharsets.ISO_8859_1));
        }
        if (input.token() != null && input.token().length() > 40) {
            assertThat(detail).as(() -> context(input)).doesNotContain(input.token());
        }
        String[] parts = input.token() == null ? new String[0] : input.token().split("\\.");
        if (parts.length == 4 && parts[3].length() >= 16) {
            assertThat(detail).as(() -> context(input)).doesNotContain(parts[3]);
        }
    }

    private TokenCheck verify(String token) {
        try {
            TokenCheck check = verifier.verify(token);
            assertThat(check).isNotNull();
            return check;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("seed " + seed + ": verify threw " + e + " for " + Fuzz.show(token), e);
        }
    }

    private String context(Input input) {
        return "seed " + seed + ", " + input.kind() + " " + Fuzz.show(input.token());
    }

    private SubscriptionClaims claims() {
        long userId = switch (random.nextInt(4)) {
            case 0 -> 1;
            case 1 -> Long.MAX_VALUE;
            default -> 1 + random.nextInt(1_000_000);
        };
        Instant expiry = switch (random.nextInt(8)) {
            case 0 -> NOW;
            case 1 -> NOW.minusSeconds(1 + random.nextInt(100_000));
            case 2 -> NOW.plusSeconds(1);
            default -> NOW.plusSeconds(1 + random.nextInt(12 * 3600));
        };
        return new SubscriptionClaims(userId, Fuzz.pick(random, PAGES), Timepoint.parse(boundedTimepoint()), expiry);
    }

    /**
     * A timepoint whose token stays well below {@link SubscriptionTokens#MAX_TOKEN_LENGTH}: a snapshot
     * listing more than about 800 in-progress transactions would make the signer issue a token the
     * verifier refuses as too long.
     */
    private String boundedTimepoint() {
        return TimepointFuzzTest.smallTimepoint(random);
    }

    /** The same claims with one field changed (another user, page, timepoint or a later expiry), re-encoded. */
    private String alteredPayload(SubscriptionClaims claims) {
        SubscriptionClaims other = switch (random.nextInt(4)) {
            case 0 -> new SubscriptionClaims(claims.userId() == 1 ? 2 : claims.userId() - 1, claims.page(), claims.timepoint(), claims.expiresAt());
            case 1 -> new SubscriptionClaims(claims.userId(), claims.page().equals("home") ? "room:1" : "home", claims.timepoint(), claims.expiresAt());
            case 2 -> new SubscriptionClaims(claims.userId(), claims.page(), Timepoint.parse(boundedTimepoint()), claims.expiresAt());
            default -> new SubscriptionClaims(claims.userId(), claims.page(), claims.timepoint(), claims.expiresAt().plusSeconds(86_400));
        };
        return URL.encodeToString(payload(other).getBytes(StandardCharsets.UTF_8));
    }

    /** The last of 43 characters carries 4 bits of the 32-byte MAC; the other 2 must be zero. */
    private String nonCanonicalSignature(String signature) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(signature.charAt(signature.length() - 1));
        int changed = (last & ~0b11) | (1 + random.nextInt(3));
        return signature.substring(0, signature.length() - 1) + alphabet.charAt(changed);
    }

    private Input base64EdgeCase(String[] p) {
        return switch (random.nextInt(6)) {
            case 0 -> new Input(join(p[0], p[1], p[2] + "=", p[3]), "padded payload", TokenCheck.Reason.MALFORMED, false);
            case 1 -> new Input(join(p[0], p[1], p[2], p[3] + "="), "padded signature", TokenCheck.Reason.MALFORMED, false);
            case 2 -> new Input(join(p[0], p[1], p[2].replace('-', '+').replace('_', '/'), p[3].replace('-', '+').replace('_', '/')),
                    "standard base64 alphabet", null, false);
            case 3 -> new Input(join(p[0], p[1], p[2] + "A", p[3]), "payload length 1 mod 4", null, false);
            case 4 -> new Input(join(p[0], p[1], p[2], p[3].substring(0, 42)), "short signature", TokenCheck.Reason.MALFORMED, false);
            default -> new Input(join(p[0], p[1], p[2], p[3] + "A"), "long signature", TokenCheck.Reason.MALFORMED, false);
        };
    }

    /**
     * A payload signed with the real key that the renderer would never produce (a signer bug, or a leaked
     * key): the verifier must still not throw, and accept only something that makes valid claims.
     */
    private Input signedPayload(SubscriptionClaims claims) {
        String encoded = switch (random.nextInt(4)) {
            case 0 -> URL.encodeToString(Fuzz.mutate(random, payload(claims), "\n").getBytes(StandardCharsets.UTF_8));
            case 1 -> {
                byte[] bytes = new byte[random.nextInt(80)];
                random.nextBytes(bytes);
                yield URL.encodeToString(bytes);
            }
            case 2 -> URL.encodeToString(payload(claims).getBytes(StandardCharsets.UTF_8)) + "A";
            default -> URL.encodeToString((Fuzz.number(random) + "\n" + claims.page() + "\n" + claims.timepoint() + "\n"
                    + Fuzz.number(random)).getBytes(StandardCharsets.UTF_8));
        };
        if (encoded.isEmpty()) {
            encoded = "AA";
        }
        String signed = "v1.k1." + encoded;
        return new Input(signed + "." + URL.encodeToString(hmac(secret1, signed)), "signed odd payload", null, true);
    }

    private Input shapeBreaker(String[] p) {
        return switch (random.nextInt(7)) {
            case 0 -> new Input(join(Fuzz.pick(random, new String[] {"v2", "V1", "v1 ", "", "v"}), p[1], p[2], p[3]), "version",
                    TokenCheck.Reason.MALFORMED, false);
            case 1 -> new Input(join(p[0], "k".repeat(33), p[2], p[3]), "key id too long", TokenCheck.Reason.MALFORMED, false);
            case 2 -> new Input(join(p[0], p[1], p[2], p[3]) + "." + p[3], "extra segment", TokenCheck.Reason.MALFORMED, false);
            case 3 -> new Input(p[0] + "." + p[1] + "." + p[3], "missing payload", TokenCheck.Reason.MALFORMED, false);
            case 4 -> new Input(join(p[0], p[1], p[2] + "A".repeat(SubscriptionTokens.MAX_TOKEN_LENGTH), p[3]), "oversized",
                    TokenCheck.Reason.MALFORMED, false);
            case 5 -> new Input(join(p[0], p[1], p[2], "A".repeat(43)), "zero signature", TokenCheck.Reason.BAD_SIGNATURE, false);
            default -> new Input(join(p[0], "k1\u0000", p[2], p[3]), "key id with NUL", TokenCheck.Reason.MALFORMED, false);
        };
    }

    private String junk() {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> TimepointFuzzTest.junk(random);
            case 3 -> "Bearer " + TimepointFuzzTest.junk(random);
            default -> "x".repeat(SubscriptionTokens.MAX_TOKEN_LENGTH + 1);
        };
    }

    private static String payload(SubscriptionClaims claims) {
        return claims.userId() + "\n" + claims.page() + "\n" + claims.timepoint() + "\n" + claims.expiresAt().getEpochSecond();
    }

    private static String join(String version, String keyId, String payload, String signature) {
        return version + "." + keyId + "." + payload + "." + signature;
    }

    private byte[] secret() {
        byte[] secret = new byte[32 + random.nextInt(33)];
        random.nextBytes(secret);
        return secret;
    }

    private static SubscriptionTokens tokens(Object... idsAndSecrets) {
        StringBuilder spec = new StringBuilder();
        for (int i = 0; i < idsAndSecrets.length; i += 2) {
            spec.append(i == 0 ? "" : ",").append(idsAndSecrets[i]).append(':')
                    .append(Base64.getEncoder().encodeToString((byte[]) idsAndSecrets[i + 1]));
        }
        return new SubscriptionTokens(SigningKeys.parse(spec.toString()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static byte[] hmac(byte[] secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
