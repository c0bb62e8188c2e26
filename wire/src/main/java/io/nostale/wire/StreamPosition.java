package io.nostale.wire;

import java.util.Objects;

/**
 * Where a change stands in the change stream, totally ordered in commit order, and the same for a change
 * however often it is re-delivered (a relay restart re-reads WAL, producing the same positions again).
 *
 * <p>It is Debezium's {@code source.sequence} pair: {@code txnLsn} orders transactions (the commit LSN of
 * the transaction decoded just before this one, monotonic in commit order), {@code changeLsn} orders
 * changes inside one transaction. The change LSN alone is <em>not</em> ordered across transactions: two
 * interleaved transactions write their changes in WAL order, but are streamed in commit order.
 *
 * <p>One WAL record is one position: the records of one {@code TRUNCATE} statement, one per table, share it
 * ({@link TruncateEvent}); every other two records at one position are a record and its replay.
 *
 * <p>Canonical text: {@code TXNLSN#CHANGELSN}, e.g. {@code 0/1A2B400#0/1A2B3C4}.
 */
public record StreamPosition(Lsn txnLsn, Lsn changeLsn) implements Comparable<StreamPosition> {

    /** Before every change. */
    public static final StreamPosition BEGINNING = new StreamPosition(Lsn.ZERO, Lsn.ZERO);

    public StreamPosition {
        Objects.requireNonNull(txnLsn, "txnLsn");
        Objects.requireNonNull(changeLsn, "changeLsn");
    }

    public static StreamPosition parse(String text) {
        if (text == null) {
            throw new MalformedValueException("position missing");
        }
        int hash = text.indexOf('#');
        if (hash < 0 || hash != text.lastIndexOf('#')) {
            throw new MalformedValueException("position must be TXNLSN#CHANGELSN, got " + Texts.quote(text));
        }
        return new StreamPosition(Lsn.parse(text.substring(0, hash)), Lsn.parse(text.substring(hash + 1)));
    }

    @Override
    public int compareTo(StreamPosition other) {
        int byTxn = txnLsn.compareTo(other.txnLsn);
        return byTxn != 0 ? byTxn : changeLsn.compareTo(other.changeLsn);
    }

    public boolean isAfter(StreamPosition other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return txnLsn + "#" + changeLsn;
    }
}
