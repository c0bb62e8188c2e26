package io.nostale.wire;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The HMAC keys shared by the renderer (signs) and the gateway (verifies). Configured as
 * {@code id:base64secret[,id:base64secret...]}; the first key signs, all keys verify, so a rotation is:
 * add the new key second everywhere, then move it first, then drop the old one.
 */
public final class SigningKeys {

    public static final int MIN_SECRET_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final String signingKeyId;
    private final Map<String, byte[]> secrets;

    private SigningKeys(String signingKeyId, Map<String, byte[]> secrets) {
        this.signingKeyId = signingKeyId;
        this.secrets = secrets;
    }

    /** Parses the configuration form. Error messages name key ids, never secrets. */
    public static SigningKeys parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new MalformedValueException("no signing keys configured (expected id:base64secret[,id:base64secret])");
        }
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        String first = null;
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            if (colon < 1) {
                throw new MalformedValueException("signing key entry must be id:base64secret");
            }
            String id = trimmed.substring(0, colon);
            if (!KEY_ID.matcher(id).matches()) {
                throw new MalformedValueException("signing key id must be 1-32 of [A-Za-z0-9_-]");
            }
            byte[] secret;
            try {
                secret = Base64.getDecoder().decode(trimmed.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new MalformedValueException("signing key " + id + " is not valid base64");
            }
            if (secret.length < MIN_SECRET_BYTES) {
                throw new MalformedValueException("signing key " + id + " must have at least " + MIN_SECRET_BYTES + " bytes");
            }
            if (secrets.put(id, secret) != null) {
                throw new MalformedValueException("signing key id " + id + " appears twice");
            }
            first = first == null ? id : first;
        }
        return new SigningKeys(first, Map.copyOf(secrets));
    }

    public String signingKeyId() {
        return signingKeyId;
    }

    byte[] secret(String keyId) {
        return secrets.get(keyId);
    }

    boolean knows(String keyId) {
        return secrets.containsKey(keyId);
    }

    @Override
    public String toString() {
        return "SigningKeys" + secrets.keySet() + " (signing with " + signingKeyId + ")";
    }
}
