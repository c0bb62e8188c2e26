package io.nostale.pages.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.RecordKind;
import io.nostale.wire.StreamPosition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link RecordDecoder}: a record is decoded once, and a record whose values no page can be judged against is an
 * {@link LoggedRecord.Undecodable} (pages crossing it resync), never a record that makes the delivery rule throw.
 */
class RecordDecoderTest {

    private static final String CHANGE = "{\"table\":\"chat_room_join_request\",\"op\":\"INSERT\",\"txId\":%s,"
            + "\"changeLsn\":\"0/20\",\"position\":\"0/10#0/20\",\"commitMillis\":1,\"before\":{},"
            + "\"after\":{\"id\":1,\"room_id\":1,\"user_id\":7}}";
    private static final String TRUNCATE = "{\"table\":\"chat_message\",\"txId\":%s,\"changeLsn\":\"0/20\","
            + "\"position\":\"0/10#0/20\",\"commitMillis\":1}";
    private static final String START = "{\"slot\":\"nostale\",\"systemId\":\"1\",\"startLsn\":%s,\"startedMillis\":1}";

    private final RecordDecoder decoder = new RecordDecoder(JsonMapper.builder().build());

    @Test
    void decodesChangesAndStreamStarts() {
        assertThat(decode(RecordKind.CHANGE, CHANGE.formatted("4294967295")))
                .isInstanceOfSatisfying(LoggedRecord.Change.class, change -> {
                    assertThat(change.offset()).isEqualTo(42);
                    assertThat(change.event().txId()).isEqualTo(0xFFFF_FFFFL);
                    assertThat(change.position()).isEqualTo(StreamPosition.parse("0/10#0/20"));
                });
        assertThat(decode(RecordKind.STREAM_START, START.formatted("\"1/0\"")))
                .isInstanceOfSatisfying(LoggedRecord.Start.class,
                        start -> assertThat(start.start().startLsn()).isEqualTo("1/0"));
    }

    @Test
    void decodesTruncates() {
        assertThat(decode(RecordKind.TRUNCATE, TRUNCATE.formatted("755")))
                .isInstanceOfSatisfying(LoggedRecord.Truncate.class, truncate -> {
                    assertThat(truncate.offset()).isEqualTo(42);
                    assertThat(truncate.event().table()).isEqualTo("chat_message");
                    assertThat(truncate.event().txId()).isEqualTo(755);
                    assertThat(truncate.position()).isEqualTo(StreamPosition.parse("0/10#0/20"));
                });
    }

    @Test
    void aTruncateTheRuleCannotJudgeIsUndecodable() {
        for (String value : new String[] {TRUNCATE.formatted("4294967301"), TRUNCATE.formatted("-1"),
                TRUNCATE.formatted("1").replace("0/10#0/20", "0/10"),
                TRUNCATE.formatted("1").replace("\"chat_message\"", "null"),
                "{\"txId\":1,\"changeLsn\":\"0/20\",\"position\":\"0/10#0/20\",\"commitMillis\":1}", "not json"}) {
            assertThat(decode(RecordKind.TRUNCATE, value)).as(value)
                    .isInstanceOf(LoggedRecord.Undecodable.class);
        }
    }

    @Test
    void aChangeWhoseTransactionIdIsNotA32BitXidIsUndecodable() {
        for (String txId : new String[] {"4294967301", "-1"}) {
            assertThat(decode(RecordKind.CHANGE, CHANGE.formatted(txId)))
                    .as("txId %s", txId).isInstanceOf(LoggedRecord.Undecodable.class);
        }
    }

    @Test
    void aStreamStartWhoseStartLsnIsNotAnLsnIsUndecodable() {
        for (String startLsn : new String[] {"\"not-an-lsn\"", "null", "\"1/0/0\""}) {
            assertThat(decode(RecordKind.STREAM_START, START.formatted(startLsn)))
                    .as("startLsn %s", startLsn).isInstanceOf(LoggedRecord.Undecodable.class);
        }
    }

    @Test
    void aRecordWithoutAKnownKindIsUndecodable() {
        assertThat(decoder.decode(42, null, CHANGE.formatted("1"))).isInstanceOf(LoggedRecord.Undecodable.class);
        assertThat(decoder.decode(42, "hologram", CHANGE.formatted("1"))).isInstanceOf(LoggedRecord.Undecodable.class);
    }

    private LoggedRecord decode(RecordKind kind, String value) {
        return decoder.decode(42, kind.headerValue(), value);
    }
}
