package io.nostale.wire;

import java.util.Arrays;

/**
 * A PostgreSQL MVCC snapshot as returned by {@code pg_current_snapshot()}: 64-bit transaction ids
 * ({@code xid8}) {@code xmin:xmax:xip,...}. A transaction is visible in the snapshot (its effects are in
 * the data read under it) when it committed before the snapshot was taken: its id is below {@code xmin},
 * or below {@code xmax} and not listed as in progress.
 *
 * <p>Limits: PostgreSQL keeps {@code xmax - xmin} below 2^31 (wraparound protection) and lists at most one
 * in-progress id per backend, so anything wider is rejected as absurd.
 */
public final class XidSnapshot {

    /** Largest in-progress list accepted; PostgreSQL's own limit is max_connections + prepared xacts. */
    public static final int MAX_IN_PROGRESS = 65_536;
    /** {@code xmax - xmin} can never reach this in PostgreSQL (xid wraparound horizon). */
    public static final long MAX_WIDTH = 1L << 31;
    /** xid8 values never come near the sign bit; this keeps arithmetic below overflow-free. */
    public static final long MAX_XID = 1L << 60;

    private final long xmin;
    private final long xmax;
    private final long[] inProgress;

    private XidSnapshot(long xmin, long xmax, long[] inProgress) {
        this.xmin = xmin;
        this.xmax = xmax;
        this.inProgress = inProgress;
    }

    public static XidSnapshot of(long xmin, long xmax, long... inProgress) {
        long[] xip = inProgress.clone();
        validate(xmin, xmax, xip);
        return new XidSnapshot(xmin, xmax, xip);
    }

    /** Parses {@code pg_snapshot}'s text form {@code "755:759:756,757"} (list may be empty: {@code "759:759:"}). */
    public static XidSnapshot parse(String text) {
        if (text == null) {
            throw new MalformedValueException("snapshot missing");
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new MalformedValueException("snapshot must be xmin:xmax:xip-list, got " + Texts.quote(text));
        }
        long xmin = parseXid(parts[0]);
        long xmax = parseXid(parts[1]);
        long[] xip;
        if (parts[2].isEmpty()) {
            xip = new long[0];
        } else {
            String[] ids = parts[2].split(",", -1);
            if (ids.length > MAX_IN_PROGRESS) {
                throw new MalformedValueException("snapshot lists more than " + MAX_IN_PROGRESS + " in-progress transactions");
            }
            xip = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                xip[i] = parseXid(ids[i]);
            }
        }
        validate(xmin, xmax, xip);
        return new XidSnapshot(xmin, xmax, xip);
    }

    private static long parseXid(String digits) {
        if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedValueException("transaction id must be decimal digits, got " + Texts.quote(digits));
        }
        long xid;
        try {
            xid = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            // 19 digits can exceed Long.MAX_VALUE; that is as absurd as any id above MAX_XID
            throw new MalformedValueException("transaction id " + digits + " is beyond any real xid8");
        }
        if (xid > MAX_XID) {
            throw new MalformedValueException("transaction id " + xid + " is beyond any real xid8");
        }
        return xid;
    }

    private static void validate(long xmin, long xmax, long[] xip) {
        if (xmin < 1 || xmin > xmax || xmax > MAX_XID) {
            throw new MalformedValueException("snapshot needs 1 <= xmin <= xmax, got " + xmin + ":" + xmax);
        }
        if (xmax - xmin >= MAX_WIDTH) {
            throw new MalformedValueException("snapshot xmin..xmax spans more than 2^31 transactions");
        }
        if (xip.length > MAX_IN_PROGRESS) {
            throw new MalformedValueException("snapshot lists more than " + MAX_IN_PROGRESS + " in-progress transactions");
        }
        for (int i = 0; i < xip.length; i++) {
            if (xip[i] < xmin || xip[i] >= xmax) {
                throw new MalformedValueException("in-progress xid " + xip[i] + " lies outside [xmin, xmax)");
            }
            if (i > 0 && xip[i] <= xip[i - 1]) {
                throw new MalformedValueException("in-progress xids must be strictly ascending");
            }
        }
    }

    public long xmin() {
        return xmin;
    }

    public long xmax() {
        return xmax;
    }

    public long[] inProgress() {
        return inProgress.clone();
    }

    /** True when the transaction's effects are part of what was read under this snapshot. */
    public boolean isVisible(long xid8) {
        if (xid8 < xmin) {
            return true;
        }
        if (xid8 >= xmax) {
            return false;
        }
        return Arrays.binarySearch(inProgress, xid8) < 0;
    }

    /**
     * Widens a 32-bit transaction id (what logical decoding and Debezium's {@code txId} carry) to the
     * 64-bit xid8 nearest to this snapshot's {@code xmax}. Exact for every transaction within 2^31 of the
     * snapshot, which PostgreSQL's wraparound protection guarantees for anything still in the WAL we read.
     */
    public long widen(long xid32) {
        if (xid32 < 0 || xid32 > 0xFFFFFFFFL) {
            throw new MalformedValueException("32-bit transaction id out of range: " + xid32);
        }
        long candidate = (xmax & ~0xFFFFFFFFL) | xid32;
        if (candidate > xmax + MAX_WIDTH) {
            candidate -= 1L << 32;
        } else if (candidate < xmax - MAX_WIDTH) {
            candidate += 1L << 32;
        }
        return candidate;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XidSnapshot other && xmin == other.xmin && xmax == other.xmax
                && Arrays.equals(inProgress, other.inProgress);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(xmin) + Long.hashCode(xmax)) + Arrays.hashCode(inProgress);
    }

    /** PostgreSQL's text form, e.g. {@code 755:759:756,757}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder().append(xmin).append(':').append(xmax).append(':');
        for (int i = 0; i < inProgress.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(inProgress[i]);
        }
        return out.toString();
    }
}
