package io.nostale.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResumeProofsTest {

    private static final String KEY_A = "a:" + Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_B = "b:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final Timepoint TIMEPOINT = Timepoint.parse("0/16B3748@100:105:101,103@2026-11-25T10:00:00Z");
    private static final SubscriptionClaims MEMBER = new SubscriptionClaims(7, "room:42", TIMEPOINT,
            Instant.parse("2026-11-26T10:00:00Z"), Set.of(PageGrant.MEMBER));

    private final ResumeProofs proofs = new ResumeProofs(SigningKeys.parse(KEY_A));

    @Test
    void aProofVerifiesForTheSamePointAndSubscriptionOnly() {
        String proof = proofs.prove(MEMBER, "stream-1", 41, "0/100#0/120");

        assertThat(proofs.verify(proof, MEMBER, "stream-1", 41, "0/100#0/120")).isTrue();
        assertThat(proofs.verify(proof, MEMBER, "stream-1", 42, "0/100#0/120")).as("other offset").isFalse();
        assertThat(proofs.verify(proof, MEMBER, "stream-2", 41, "0/100#0/120")).as("other stream").isFalse();
        assertThat(proofs.verify(proof, MEMBER, "stream-1", 41, "0/100#0/121")).as("other position").isFalse();
        SubscriptionClaims otherUser = new SubscriptionClaims(8, "room:42", TIMEPOINT, MEMBER.expiresAt(), MEMBER.grants());
        assertThat(proofs.verify(proof, otherUser, "stream-1", 41, "0/100#0/120")).as("other user").isFalse();
        SubscriptionClaims visitor = new SubscriptionClaims(7, "room:42", TIMEPOINT, MEMBER.expiresAt());
        assertThat(proofs.verify(proof, visitor, "stream-1", 41, "0/100#0/120")).as("other grants").isFalse();
    }

    @Test
    void proofsSurviveARotationButNotAnUnknownKey() {
        String proof = proofs.prove(MEMBER, "s", 1, "0/1#0/1");
        ResumeProofs rotated = new ResumeProofs(SigningKeys.parse(KEY_B + "," + KEY_A));
        ResumeProofs other = new ResumeProofs(SigningKeys.parse(KEY_B));

        assertThat(rotated.verify(proof, MEMBER, "s", 1, "0/1#0/1")).isTrue();
        assertThat(other.verify(proof, MEMBER, "s", 1, "0/1#0/1")).isFalse();
    }

    @Test
    void malformedOrTamperedProofsAreRefusedWithoutException() {
        String proof = proofs.prove(MEMBER, "s", 1, "0/1#0/1");
        char last = proof.charAt(proof.length() - 1);
        String tampered = proof.substring(0, proof.length() - 1) + (last == 'A' ? 'B' : 'A');
        for (String bad : new String[] {null, "", "a.", "a.short", proof + "x", tampered, "zz." + proof.substring(2),
                "a." + "\u00e9".repeat(22)}) {
            assertThat(proofs.verify(bad, MEMBER, "s", 1, "0/1#0/1")).as(String.valueOf(bad)).isFalse();
        }
    }
}
