package io.nostale.relay.slot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlotRuleTest {

    @Test
    void createsAMissingSlot() {
        assertThat(SlotRule.of(false, null, false)).isEqualTo(SlotRule.CREATE);
    }

    @Test
    void resumesFromASlotThatStillHasItsWal() {
        for (String status : new String[] {"reserved", "extended", "unreserved", null}) {
            assertThat(SlotRule.of(true, status, false)).as(String.valueOf(status)).isEqualTo(SlotRule.RESUME);
            assertThat(SlotRule.of(true, status, true)).as(status + ", active").isEqualTo(SlotRule.RESUME);
        }
    }

    @Test
    void recreatesALostSlotOnceNoSessionHoldsIt() {
        assertThat(SlotRule.of(true, "lost", false)).isEqualTo(SlotRule.RECREATE);
        assertThat(SlotRule.of(true, "lost", true)).isEqualTo(SlotRule.WAIT_FOR_RELEASE);
    }
}
