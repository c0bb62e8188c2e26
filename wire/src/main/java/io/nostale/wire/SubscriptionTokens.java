package io.nostale.wire;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies subscription tokens: {@code v1.KEYID.PAYLOAD.SIGNATURE}, where PAYLOAD is the
 * base64url of the lines {@code userId, page, timepoint, expiresAtEpochSeconds, grants} and SIGNATURE is the
 * base64url HMAC-SHA256 of {@code v1.KEYID.PAYLOAD}. Verification never throws on bad input.
 *
 * <p>The grants line ({@link PageGrant#format}) is written only when there are grants, so tokens of pages
 * without grants are byte-for-byte what renderers before grants signed; a four-line payload means no grants.
 */
public final class SubscriptionTokens {

    /** Tokens longer than this are refused before any decoding. */
    public static final int MAX_TOKEN_LENGTH = 65_536; // a snapshot with ~3,000 in-progress xacts still fits
    private static final String VERSION = "v1";
    private static final Pattern SHAPE = Pattern.compile("v1\\.[A-Za-z0-9_-]{1,32}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SigningKeys keys;
    private final Clock clock;

    public SubscriptionTokens(SigningKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    public String sign(SubscriptionClaims claims) {
        String payload = claims.userId() + "\n" + claims.page() + "\n" + claims.timepoint() + "\n"
                + claims.expiresAt().getEpochSecond()
                + (claims.grants().isEmpty() ? "" : "\n" + PageGrant.format(claims.grants()));
        String signed = VERSION + "." + keys.signingKeyId() + "." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return signed + "." + B64.encodeToString(hmac(keys.signingKeyId(), signed));
    }

    public TokenCheck verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH || !SHAPE.matcher(token).matches()) {
            return rejected(TokenCheck.Reason.MALFORMED, "token is not a v1 subscription token");
        }
        String[] parts = token.split("\\.");
        String keyId = parts[1];
        if (!keys.knows(keyId)) {
            return rejected(TokenCheck.Reason.UNKNOWN_KEY, "token signed with unknown key id " + keyId);
        }
        // Compare the canonical text of the expected MAC, not decoded bytes: the decoder ignores the two
        // spare bits of the 43rd character, so four spellings of one signature would otherwise pass.
        byte[] expected = B64.encodeToString(hmac(keyId, parts[0] + "." + parts[1] + "." + parts[2]))
                .getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, parts[3].getBytes(StandardCharsets.US_ASCII))) {
            return rejected(TokenCheck.Reason.BAD_SIGNATURE, "token signature does not match");
        }
        SubscriptionClaims claims;
        try {
            claims = decodeClaims(new String(B64D.decode(parts[2]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // A validly signed but unreadable payload means a signer bug or a leaked key: refuse it.
            return rejected(TokenCheck.Reason.MALFORMED, "token payload unreadable: " + e.getMessage());
        }
        if (!clock.instant().isBefore(claims.expiresAt())) {
            return rejected(TokenCheck.Reason.EXPIRED, "token expired at " + claims.expiresAt());
        }
        return new TokenCheck.Accepted(claims);
    }

    /**
     * The claims {@code token} carries, without checking its signature or expiry: for the replay tool, which explains
     * what a page was sent (its reader can already read every change) and meets tokens long expired; never for deciding
     * what anyone may see. A token that is not a v1 token, or whose claims cannot be read, is a
     * {@link MalformedValueException}.
     */
    public static SubscriptionClaims claimsOf(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH || !SHAPE.matcher(token).matches()) {
            throw new MalformedValueException("token is not a v1 subscription token");
        }
        try {
            return decodeClaims(new String(B64D.decode(token.split("\\.")[2]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new MalformedValueException("token payload unreadable: " + e.getMessage());
        }
    }

    private static SubscriptionClaims decodeClaims(String payload) {
        String[] lines = payload.split("\n", -1);
        if (lines.length != 4 && lines.length != 5) {
            throw new MalformedValueException("expected 4 or 5 claim lines");
        }
        if (lines.length == 5 && lines[4].isEmpty()) {
            throw new MalformedValueException("an empty grants line is not canonical");
        }
        try {
            return new SubscriptionClaims(Long.parseLong(lines[0]), lines[1], Timepoint.parse(lines[2]),
                    Instant.ofEpochSecond(Long.parseLong(lines[3])),
                    lines.length == 5 ? PageGrant.parse(lines[4]) : java.util.Set.of());
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw new MalformedValueException("claim is not a number");
        }
    }

    private static TokenCheck rejected(TokenCheck.Reason reason, String detail) {
        return new TokenCheck.Rejected(reason, detail);
    }

    private byte[] hmac(String keyId, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.secret(keyId), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
