package io.nostale.embedded.demo;

import static io.nostale.embedded.demo.DemoWorlds.ALICE;
import static io.nostale.embedded.demo.DemoWorlds.BOB;
import static io.nostale.embedded.demo.DemoWorlds.CAROL;
import static io.nostale.embedded.demo.DemoWorlds.CLIMBING;
import static io.nostale.embedded.demo.DemoWorlds.DAVE;
import static io.nostale.embedded.demo.DemoWorlds.GARDEN;
import static io.nostale.embedded.demo.DemoWorlds.JAZZ;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NarratorTest {

    private final World world = DemoWorlds.demo();

    @Test
    void saysWhoDidWhatWhere() {
        assertThat(Narrator.describe(new Action.RequestToJoin(DAVE, JAZZ), world))
                .isEqualTo("dave asked to join 'Jazz nights'");
        assertThat(Narrator.describe(new Action.Admit(BOB, 1, CLIMBING, ALICE), world))
                .isEqualTo("bob admitted alice to 'Climbing'");
        assertThat(Narrator.describe(new Action.Deny(CAROL, 2, GARDEN, ALICE), world))
                .isEqualTo("carol denied alice's request to join 'Garden swap'");
        assertThat(Narrator.describe(new Action.Post(BOB, JAZZ, "Doors at eight, music at nine."), world))
                .isEqualTo("bob in 'Jazz nights': Doors at eight, music at nine.");
        assertThat(Narrator.describe(new Action.Leave(DAVE, JAZZ), world)).isEqualTo("dave left 'Jazz nights'");
        assertThat(Narrator.describe(new Action.Rename(BOB, CLIMBING, "Climbing", "Bouldering crew"), world))
                .isEqualTo("bob renamed 'Climbing' to 'Bouldering crew'");
    }
}
