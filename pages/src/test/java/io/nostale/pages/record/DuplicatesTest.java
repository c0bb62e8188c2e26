package io.nostale.pages.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.wire.ChangeEvent;
import io.nostale.wire.Operation;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.StreamStart;
import io.nostale.wire.TruncateEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DuplicatesTest {

    @Test
    void aRelaysReSentChangesAreDuplicatesUntilTheFirstNewPosition() {
        assertThat(judge(change(1, "0/10"), change(2, "0/20"), change(3, "0/10"), change(4, "0/20"), change(5, "0/30")))
                .containsExactly(true, true, false, false, true);
    }

    @Test
    void theTablesOfOneTruncateShareItsPositionAndAreAllNew() {
        assertThat(judge(change(1, "0/10"), truncate(2, "0/20"), truncate(3, "0/20"), change(4, "0/20")))
                .containsExactly(true, true, true, false);
    }

    @Test
    void aStreamStartBeginsPositionsAgain() {
        assertThat(judge(change(1, "0/90"), start(2), change(3, "0/5"), change(4, "0/5")))
                .containsExactly(true, true, true, false);
    }

    @Test
    void anUndecodableRecordIsNeverTakenForADuplicate() {
        assertThat(judge(change(1, "0/90"), new LoggedRecord.Undecodable(2, "not json"), change(3, "0/91")))
                .containsExactly(true, true, true);
    }

    private static List<Boolean> judge(LoggedRecord... records) {
        Duplicates duplicates = new Duplicates();
        return java.util.Arrays.stream(records).map(duplicates::isNew).toList();
    }

    private static LoggedRecord change(long offset, String lsn) {
        String position = lsn + "#" + lsn;
        return new LoggedRecord.Change(offset, new ChangeEvent("chat_message", Operation.INSERT, 1, lsn, position, 1,
                Map.of(), Map.of("id", offset, "room_id", 1L)), StreamPosition.parse(position));
    }

    private static LoggedRecord truncate(long offset, String lsn) {
        String position = lsn + "#" + lsn;
        return new LoggedRecord.Truncate(offset, new TruncateEvent("chat_message", 1, lsn, position, 1),
                StreamPosition.parse(position));
    }

    private static LoggedRecord start(long offset) {
        return new LoggedRecord.Start(offset, new StreamStart("nostale", "1", "0/1", 1));
    }
}
