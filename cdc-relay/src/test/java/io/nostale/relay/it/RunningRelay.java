package io.nostale.relay.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.context.ConfigurableApplicationContext;

/** A test class that needs one running relay (in this JVM) and a tail of the change topic for all its tests. */
abstract class RunningRelay {

    static ConfigurableApplicationContext relay;
    static TopicTail tail;

    @BeforeAll
    static void startRelay() {
        relay = RelayHarness.startRelay();
        tail = RelayHarness.tail();
    }

    @AfterAll
    static void stopRelay() throws InterruptedException {
        tail.close();
        relay.close();
    }
}
