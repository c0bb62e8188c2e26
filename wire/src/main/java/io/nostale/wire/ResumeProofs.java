package io.nostale.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proves that a resume point was issued by a gateway to this subscription. Every frame that moves a page's resume
 * point carries {@code proof = KEYID.MAC}, the base64url of the first 16 bytes of HMAC-SHA256 over the
 * subscription's claims and the point ({@code stream, offset, position}); the page sends it back when it resumes.
 *
 * <p>Why: a page whose access can change (a room page) is authorized from its token's grants, and the gateway ends
 * the subscription at the first change that alters them. Resuming skips everything up to the resume point, so a
 * forged point beyond that change would keep the old grants for good. With the proof, a page can only resume from
 * a point this subscription was actually streamed to, which means no access change lies before it.
 */
public final class ResumeProofs {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,32}\\.[A-Za-z0-9_-]{22}");
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SigningKeys keys;
    private final ThreadLocal<Mac> signingMac;

    public ResumeProofs(SigningKeys keys) {
        this.keys = keys;
        this.signingMac = ThreadLocal.withInitial(() -> mac(keys.signingKeyId()));
    }

    public String prove(SubscriptionClaims claims, String stream, long offset, String position) {
        byte[] mac = signingMac.get().doFinal(message(claims, stream, offset, position));
        return keys.signingKeyId() + "." + B64.encodeToString(Arrays.copyOf(mac, MAC_BYTES));
    }

    /** True when {@code proof} is what a gateway holding one of the configured keys issued for this point. */
    public boolean verify(String proof, SubscriptionClaims claims, String stream, long offset, String position) {
        if (proof == null || !SHAPE.matcher(proof).matches()) {
            return false;
        }
        String keyId = proof.substring(0, proof.indexOf('.'));
        if (!keys.knows(keyId)) {
            return false;
        }
        byte[] mac = Arrays.copyOf(mac(keyId).doFinal(message(claims, stream, offset, position)), MAC_BYTES);
        // Compare canonical text: the decoder would accept non-canonical spellings of the last character.
        byte[] expected = (keyId + "." + B64.encodeToString(mac)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, proof.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] message(SubscriptionClaims claims, String stream, long offset, String position) {
        String text = "nostale-resume\n" + claims.userId() + "\n" + claims.page() + "\n" + claims.timepoint() + "\n"
                + PageGrant.format(claims.grants()) + "\n" + stream + "\n" + offset + "\n" + position;
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Mac mac(String keyId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.secret(keyId), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
