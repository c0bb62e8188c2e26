package io.nostale.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.pages.record.LoggedRecord;
import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Operation;
import io.nostale.wire.StreamPosition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bits of routing keys only ever say "cannot share a key" when the keys share none. */
class InterestTest {

    private static final ChangeEvent EVENT = new ChangeEvent("chat_room", Operation.UPDATE, 5, "0/10", "0/10#0/11", 0,
            Map.of(), Map.of("id", 1));

    @Test
    void concernsIsExactlySharingAKeyForRandomKeysAndAudiences() {
        Random random = new Random(42);
        for (int trial = 0; trial < 50_000; trial++) {
            List<Interest> audience = randomKeys(random);
            List<Interest> interests = randomKeys(random);
            LoggedRecord.Change change = new LoggedRecord.Change(trial, EVENT, StreamPosition.BEGINNING, audience);
            boolean sharesAKey = audience.stream().anyMatch(interests::contains);

            assertThat(change.concerns(interests, Interest.bits(interests)))
                    .as("audience %s, interests %s", audience, interests).isEqualTo(sharesAKey);
        }
    }

    @Test
    void usersAndRoomsSpreadOverTheBits() {
        Set<Long> bits = new HashSet<>();
        for (long id = 1; id <= 1_000; id++) {
            bits.add(Interest.user(id).bit());
            bits.add(Interest.room(id).bit());
        }
        assertThat(bits).hasSize(64);
        for (long bit : bits) {
            assertThat(Long.bitCount(bit)).isEqualTo(1);
        }
    }

    @Test
    void aChangeWhoseBitsDoNotMatchItsAudienceCannotBeMade() {
        List<Interest> audience = List.of(Interest.user(7));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LoggedRecord.Change(1, EVENT,
                StreamPosition.BEGINNING, audience, ~Interest.bits(audience))).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Interest> randomKeys(Random random) {
        List<Interest> keys = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            Interest.Kind kind = Interest.Kind.values()[random.nextInt(Interest.Kind.values().length)];
            keys.add(switch (kind) {
                case USER -> Interest.user(random.nextInt(300));
                case ROOM -> Interest.room(random.nextInt(300));
                case ALL_ROOMS -> Interest.ALL_ROOMS;
                case ALL_MEMBERS -> Interest.ALL_MEMBERS;
            });
        }
        return keys;
    }
}
