package io.nostale.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamPositionTest {

    @Test
    void ordersByTransactionThenChange() {
        StreamPosition firstTxnLateChange = StreamPosition.parse("0/100#0/500");
        StreamPosition secondTxnEarlyChange = StreamPosition.parse("0/200#0/150");
        assertThat(secondTxnEarlyChange.isAfter(firstTxnLateChange))
                .as("commit order wins over change LSN order").isTrue();
        assertThat(StreamPosition.parse("0/100#0/501").isAfter(firstTxnLateChange)).isTrue();
        assertThat(firstTxnLateChange).hasToString("0/100#0/500");
    }

    @Test
    void rejectsMalformedText() {
        for (String bad : new String[] {"", "0/1", "0/1#", "#0/1", "0/1#0/2#0/3", "0/1;0/2"}) {
            assertThatThrownBy(() -> StreamPosition.parse(bad)).isInstanceOf(MalformedValueException.class);
        }
    }
}
