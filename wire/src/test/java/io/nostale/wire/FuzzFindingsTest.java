package io.nostale.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bugs the parser fuzz tests found, pinned as plain examples. */
class FuzzFindingsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** 19-digit ids above Long.MAX_VALUE used to escape as NumberFormatException instead of a clean rejection. */
    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808:9223372036854775809:", "1:10:9999999999999999999",
            "0/1@9999999999999999999:1:@2026-11-25T19:40:00Z"})
    void xidsBeyondLongAreMalformed(String text) {
        assertThatThrownBy(() -> {
            if (text.contains("@")) {
                Timepoint.parse(text);
            } else {
                XidSnapshot.parse(text);
            }
        }).isInstanceOf(MalformedValueException.class).hasMessageContaining("beyond any real xid8");
    }

    /**
     * The 43rd base64url character of a 32-byte MAC has two spare bits that the JDK decoder ignores; the
     * verifier used to compare decoded bytes, so three altered spellings of a signature were accepted too.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void signatureWithNonZeroSpareBitsIsRejected(int spareBits) {
        String key = "a:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        SubscriptionTokens tokens = new SubscriptionTokens(SigningKeys.parse(key), Clock.fixed(NOW, ZoneOffset.UTC));
        String token = tokens.sign(new SubscriptionClaims(42, "home",
                Timepoint.parse("0/1A2B3C4@755:759:756,757@2026-11-25T19:40:00.123Z"), NOW.plusSeconds(60)));
        int last = ALPHABET.indexOf(token.charAt(token.length() - 1));
        assertThat(last & 0b11).as("canonical encoding leaves the spare bits zero").isZero();
        String altered = token.substring(0, token.length() - 1) + ALPHABET.charAt(last | spareBits);

        assertThat(tokens.verify(token)).isInstanceOf(TokenCheck.Accepted.class);
        assertThat(tokens.verify(altered)).isInstanceOfSatisfying(TokenCheck.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(TokenCheck.Reason.BAD_SIGNATURE));
    }
}
