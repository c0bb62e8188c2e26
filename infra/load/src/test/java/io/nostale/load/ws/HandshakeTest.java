package io.nostale.load.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    @Test
    void theAcceptValueIsTheOneOfRfc6455() {
        assertThat(Handshake.expectedAccept(KEY)).isEqualTo(ACCEPT);
    }

    @Test
    void theRequestIsAnUpgradeWithOriginAndKey() {
        String request = new String(Handshake.request("localhost:8081", "/live", "http://localhost:8080", KEY),
                StandardCharsets.US_ASCII);
        assertThat(request).startsWith("GET /live HTTP/1.1\r\n").endsWith("\r\n\r\n")
                .contains("Host: localhost:8081\r\n", "Upgrade: websocket\r\n", "Connection: Upgrade\r\n",
                        "Sec-WebSocket-Key: " + KEY + "\r\n", "Sec-WebSocket-Version: 13\r\n",
                        "Origin: http://localhost:8080\r\n");
    }

    @Test
    void anUpgradeSaysWhereTheFramesStart() {
        String header = "HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + ACCEPT + "\r\nDate: now\r\n\r\n";
        byte[] bytes = (header + "\u0081\u0000").getBytes(StandardCharsets.ISO_8859_1);
        Handshake.Answer answer = Handshake.parse(bytes, bytes.length, ACCEPT);
        assertThat(answer).isEqualTo(new Handshake.Answer.Upgraded(header.length()));
    }

    @Test
    void aPartialHeaderIsIncomplete() {
        byte[] bytes = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(Handshake.parse(bytes, bytes.length, ACCEPT)).isInstanceOf(Handshake.Answer.Incomplete.class);
    }

    @Test
    void anotherStatusIsARefusalWithItsCode() {
        byte[] bytes = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(Handshake.parse(bytes, bytes.length, ACCEPT))
                .isEqualTo(new Handshake.Answer.Refused(403, "HTTP/1.1 403 Forbidden"));
    }

    @Test
    void aWrongAcceptOrMissingUpgradeIsInvalid() {
        byte[] wrong = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: AAAA\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(Handshake.parse(wrong, wrong.length, ACCEPT)).isInstanceOf(Handshake.Answer.Invalid.class);
        byte[] noUpgrade = ("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + ACCEPT
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(Handshake.parse(noUpgrade, noUpgrade.length, ACCEPT)).isInstanceOf(Handshake.Answer.Invalid.class);
        byte[] garbage = "SSH-2.0-OpenSSH\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(Handshake.parse(garbage, garbage.length, ACCEPT)).isInstanceOf(Handshake.Answer.Invalid.class);
    }

    @Test
    void anEndlessHeaderIsInvalidNotIncompleteForever() {
        byte[] bytes = ("HTTP/1.1 101 x\r\n" + "X: y\r\n".repeat(5_000)).getBytes(StandardCharsets.US_ASCII);
        assertThat(Handshake.parse(bytes, bytes.length, ACCEPT)).isInstanceOf(Handshake.Answer.Invalid.class);
    }
}
