package io.nostale.systemtest.attack;

import io.nostale.wire.SigningKeys;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.SubscriptionTokens;
import io.nostale.wire.Timepoint;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Forged and altered subscription tokens ({@code v1.KEYID.PAYLOAD.SIGNATURE}, docs/protocol.md). Signing with
 * the product's real keys stands for what only the renderer can do (an expired token is one it once issued).
 */
final class Tokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SubscriptionTokens real;

    Tokens(String productKeys) {
        this.real = new SubscriptionTokens(SigningKeys.parse(productKeys), Clock.systemUTC());
    }

    /** What the renderer would sign for these claims (e.g. an expiry in the past). */
    String signedByTheRenderer(SubscriptionClaims claims) {
        return real.sign(claims);
    }

    /** The same claims signed under a key id the gateway does not know. */
    static String signedWithUnknownKey(long userId, String timepoint) {
        SigningKeys foreign = SigningKeys.parse("attacker:" + Base64.getEncoder().encodeToString(randomSecret()));
        return new SubscriptionTokens(foreign, Clock.systemUTC()).sign(new SubscriptionClaims(userId, "home",
                Timepoint.parse(timepoint), Instant.now().plusSeconds(3600)));
    }

    /** The token's key id and payload, with an HMAC under a secret the attacker made up. */
    static String withForgedSignature(String token) {
        String[] parts = token.split("\\.");
        String signed = parts[0] + "." + parts[1] + "." + parts[2];
        return signed + "." + B64.encodeToString(hmac(randomSecret(), signed));
    }

    /** The token with its payload's user id replaced; key id and signature untouched. */
    static String withUserId(String token, long userId) {
        String[] parts = token.split("\\.");
        String payload = new String(B64D.decode(parts[2]), StandardCharsets.UTF_8);
        String altered = userId + payload.substring(payload.indexOf('\n'));
        return parts[0] + "." + parts[1] + "." + B64.encodeToString(altered.getBytes(StandardCharsets.UTF_8)) + "." + parts[3];
    }

    /** The user id a token's payload names (the attacker can read it: it is only base64). */
    static long userId(String token) {
        String payload = new String(B64D.decode(token.split("\\.")[2]), StandardCharsets.UTF_8);
        return Long.parseLong(payload.substring(0, payload.indexOf('\n')));
    }

    static String signature(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    private static byte[] hmac(byte[] secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
