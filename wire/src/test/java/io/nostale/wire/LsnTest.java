package io.nostale.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LsnTest {

    @Test
    void roundTripsPostgresTextForm() {
        Lsn lsn = Lsn.parse("16/B374D848");
        assertThat(lsn.value()).isEqualTo(0x16B374D848L);
        assertThat(lsn).hasToString("16/B374D848");
        assertThat(Lsn.parse("0/0")).isEqualTo(Lsn.ZERO);
    }

    @Test
    void comparesUnsigned() {
        assertThat(Lsn.parse("FFFFFFFF/0").compareTo(Lsn.parse("1/0"))).isPositive();
        assertThat(Lsn.parse("0/10").isAfter(Lsn.parse("0/F"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "16", "16/", "/1", "-1/0", "1/ 2", "123456789/0", "G/0", "1/2/3", "0x1/2"})
    void rejectsMalformedText(String text) {
        assertThatThrownBy(() -> Lsn.parse(text)).isInstanceOf(MalformedValueException.class);
    }
}
