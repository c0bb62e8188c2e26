package io.nostale.gateway.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HandshakeReleaseTest {

    /** On a Jetty whose session fields were renamed, open sockets would keep ~10 KB more each: this says so. */
    @Test
    void findsTheFieldsThatHoldTheHandshakeOnThisJetty() {
        assertThat(HandshakeRelease.available()).isTrue();
    }
}
