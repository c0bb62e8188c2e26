package io.nostale.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nostale.wire.Lsn;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PointTest {

    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");

    @Test
    void readsEveryFormAnEngineerHasAtHand() {
        assertThat(Point.parse("2026-12-08T09:30:00Z", NOW)).isEqualTo(new Point.Time(Instant.parse("2026-12-08T09:30:00Z")));
        assertThat(Point.parse("2026-12-08T10:30:00+01:00", NOW)).isEqualTo(new Point.Time(Instant.parse("2026-12-08T09:30:00Z")));
        assertThat(Point.parse("10m", NOW)).isEqualTo(new Point.Time(Instant.parse("2026-12-08T09:50:00Z")));
        assertThat(Point.parse("1d", NOW)).isEqualTo(new Point.Time(Instant.parse("2026-12-07T10:00:00Z")));
        assertThat(Point.parse("500ms", NOW)).isEqualTo(new Point.Time(Instant.parse("2026-12-08T09:59:59.500Z")));
        assertThat(Point.parse("0/16B3748", NOW)).isEqualTo(new Point.Position(Lsn.parse("0/16B3748")));
        assertThat(Point.parse("offset:1234", NOW)).isEqualTo(new Point.Offset(1234));
        assertThat(Point.parse(" 0/1A2B3C4@755:759:756,757@2026-11-25T19:40:00.123Z ", NOW))
                .as("a timepoint names its WAL position").isEqualTo(new Point.Position(Lsn.parse("0/1A2B3C4")));
    }

    @Test
    void refusesAnythingElseNamingTheForms() {
        for (String text : new String[] {"", "yesterday", "10 minutes", "offset:-1", "0/", "G/1", "2026-13-01T00:00:00Z",
                "0/1@garbage", "-5m"}) {
            assertThatThrownBy(() -> Point.parse(text, NOW)).as(text).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a point: give a time");
        }
    }
}
