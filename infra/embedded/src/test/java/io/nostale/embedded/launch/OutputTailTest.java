package io.nostale.embedded.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputTailTest {

    @Test
    void keepsOnlyTheLastLines() {
        OutputTail tail = new OutputTail(3);
        for (int i = 1; i <= 5; i++) {
            tail.add("line " + i);
        }
        assertThat(tail.lines()).containsExactly("line 3", "line 4", "line 5");
        assertThat(tail.text()).isEqualTo("line 3\nline 4\nline 5");
    }
}
