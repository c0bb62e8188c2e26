package io.nostale.relay.convert;

import io.nostale.wire.Lsn;
import io.nostale.wire.StreamPosition;
import tools.jackson.core.JacksonException;

/**
 * Reads a change's {@link StreamPosition} from Debezium's {@code source.sequence}.
 *
 * <p>The postgres connector writes {@code sequence} as a JSON array of two strings, each an LSN as a decimal
 * number: {@code ["<commit LSN of the previously decoded transaction>","<LSN of this change>"]}. Debezium takes the
 * first from the end LSN of the last COMMIT it decoded (transactions arrive whole, in commit order), so it orders
 * transactions; the second orders changes inside one. The first is {@code null} while no commit has been decoded
 * yet: the first transaction after the slot was created, with no stored offset. Such a change gets
 * {@link Lsn#ZERO}: every later transaction carries a real commit LSN, which is greater, and a replay of that first
 * transaction (offsets never stored or stored from inside it) again reads {@code null}, so the position is stable.
 */
final class StreamPositions {

    private final RelayJson json;

    StreamPositions(RelayJson json) {
        this.json = json;
    }

    StreamPosition fromSequence(String sequence, Lsn changeLsn) {
        String[] pair;
        try {
            pair = json.readStringArray(sequence);
        }
        catch (JacksonException e) {
            throw new UnexpectedRecordException("source.sequence is not a JSON array of strings: " + sequence, e);
        }
        if (pair == null || pair.length != 2 || pair[1] == null) {
            throw new UnexpectedRecordException("source.sequence must be [previous commit LSN, change LSN], got " + sequence);
        }
        Lsn sequenceChangeLsn = decimal(pair[1], sequence);
        if (!sequenceChangeLsn.equals(changeLsn)) {
            throw new UnexpectedRecordException("source.sequence " + sequence + " does not end with source.lsn " + changeLsn);
        }
        Lsn txnLsn = pair[0] == null ? Lsn.ZERO : decimal(pair[0], sequence);
        return new StreamPosition(txnLsn, changeLsn);
    }

    static Lsn decimal(String text, String context) {
        try {
            return new Lsn(Long.parseUnsignedLong(text));
        }
        catch (NumberFormatException e) {
            throw new UnexpectedRecordException("not a decimal LSN: '" + text + "' in " + context, e);
        }
    }
}
