package io.nostale.load.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameParserTest {

    private final FrameParser parser = new FrameParser();
    private final ServerFrame frame = new ServerFrame();

    private ServerFrame parse(String json) {
        byte[] bytes = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, 2, bytes.length - 4, frame); // a slice, as the socket hands it over
    }

    @Test
    void aChangeFrameGivesItsPointXidTableAndTheMarkerOfItsAfterRow() {
        ServerFrame f = parse("{\"type\":\"change\",\"stream\":\"Yx3\",\"offset\":1235,\"position\":\"0/1A2B400#0/1A2B3C4\","
                + "\"xid\":755,\"table\":\"chat_room\",\"op\":\"UPDATE\",\"before\":{\"id\":3,\"title\":\"ld-7 old\",\"x\":[1,{\"y\":2}]},"
                + "\"after\":{\"id\":3,\"title\":\"ld-42 club 3\",\"owner_id\":9,\"version\":5,\"nested\":{\"title\":\"ld-1\"}},"
                + "\"commitMillis\":1764099600123,\"proof\":\"k1.q0x9\"}");
        assertThat(f.type()).isEqualTo(ServerFrame.Type.CHANGE);
        assertThat(f.stream()).isEqualTo("Yx3");
        assertThat(f.offset()).isEqualTo(1235);
        assertThat(f.position()).isEqualTo("0/1A2B400#0/1A2B3C4");
        assertThat(f.proof()).isEqualTo("k1.q0x9");
        assertThat(f.xid()).isEqualTo(755);
        assertThat(f.table()).isEqualTo("chat_room");
        assertThat(f.marker()).isEqualTo(42);
        assertThat(f.afterId()).isEqualTo(3);
        assertThat(f.afterVersion()).isEqualTo(5);
        assertThat(f.hasResumePoint()).isTrue();
    }

    @Test
    void aMessageCarriesItsMarkerInTheBodyAndAJoinRequestItsIdAndVersion() {
        assertThat(parse("{\"type\":\"change\",\"table\":\"chat_message\",\"after\":{\"body\":\"ld-9 note to self — …\"}}").marker())
                .isEqualTo(9);
        ServerFrame request = parse("{\"type\":\"change\",\"table\":\"chat_room_join_request\",\"after\":{\"id\":12,"
                + "\"status\":\"pending\",\"decided_at\":\"2026-01-01T00:00:00Z\",\"version\":3}}");
        assertThat(request.marker()).isEqualTo(-1);
        assertThat(request.afterId()).isEqualTo(12);
        assertThat(request.afterVersion()).isEqualTo(3);
    }

    @Test
    void caughtUpAndHeartbeatWithoutProof() {
        ServerFrame caughtUp = parse("{\"type\":\"caught-up\",\"stream\":\"s\",\"offset\":-1,\"position\":\"0/0#0/0\"}");
        assertThat(caughtUp.type()).isEqualTo(ServerFrame.Type.CAUGHT_UP);
        assertThat(caughtUp.offset()).isEqualTo(-1);
        assertThat(caughtUp.proof()).isNull();
        assertThat(parse("{\"type\":\"heartbeat\",\"stream\":\"s\",\"offset\":3,\"position\":\"p\"}").type())
                .isEqualTo(ServerFrame.Type.HEARTBEAT);
    }

    @Test
    void aFrameClearsWhatThePreviousOneLeft() {
        parse("{\"type\":\"change\",\"stream\":\"s\",\"offset\":3,\"position\":\"p\",\"proof\":\"k.x\",\"after\":{\"title\":\"ld-1\"}}");
        ServerFrame next = parse("{\"type\":\"heartbeat\",\"stream\":\"s\",\"offset\":4,\"position\":\"q\"}");
        assertThat(next.proof()).isNull();
        assertThat(next.marker()).isEqualTo(-1);
    }

    @Test
    void resyncAndErrorGiveTheirReasonAndCode() {
        ServerFrame resync = parse("{\"type\":\"resync\",\"reason\":\"slow-client\",\"detail\":\"fell behind\"}");
        assertThat(resync.type()).isEqualTo(ServerFrame.Type.RESYNC);
        assertThat(resync.reason()).isEqualTo("slow-client");
        assertThat(resync.hasResumePoint()).isFalse();
        ServerFrame error = parse("{\"type\":\"error\",\"code\":\"too-many-connections\",\"message\":\"user already holds 32\"}");
        assertThat(error.type()).isEqualTo(ServerFrame.Type.ERROR);
        assertThat(error.code()).isEqualTo("too-many-connections");
    }

    @Test
    void unknownTypesAreOtherAndBrokenJsonIsRefused() {
        assertThat(parse("{\"type\":\"news\"}").type()).isEqualTo(ServerFrame.Type.OTHER);
        assertThatThrownBy(() -> parse("[1,2]")).isInstanceOf(FrameParser.MalformedFrameException.class);
        assertThatThrownBy(() -> parse("{\"type\":\"change\"")).isInstanceOf(FrameParser.MalformedFrameException.class);
        assertThatThrownBy(() -> parse("{} {}")).isInstanceOf(FrameParser.MalformedFrameException.class);
    }

    @Test
    void theStreamIdIsKeptAsOneInstance() {
        String first = parse("{\"type\":\"heartbeat\",\"stream\":\"same\",\"offset\":1,\"position\":\"p\"}").stream();
        String second = parse("{\"type\":\"heartbeat\",\"stream\":\"same\",\"offset\":2,\"position\":\"p\"}").stream();
        assertThat(second).isSameAs(first);
    }
}
