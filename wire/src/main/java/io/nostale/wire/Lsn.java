package io.nostale.wire;

import java.util.regex.Pattern;

/**
 * A PostgreSQL write-ahead-log position ({@code pg_lsn}): an unsigned 64-bit byte offset whose canonical
 * text is PostgreSQL's own, two upper-case hex halves {@code "16/B374D848"}.
 */
public record Lsn(long value) implements Comparable<Lsn> {

    /** The position before any WAL: {@code 0/0}. */
    public static final Lsn ZERO = new Lsn(0);

    private static final Pattern TEXT = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

    /** Parses PostgreSQL's text form; rejects anything else (signs, spaces, more than 8 hex digits a half). */
    public static Lsn parse(String text) {
        if (text == null || !TEXT.matcher(text).matches()) {
            throw new MalformedValueException("LSN must look like 16/B374D848, got " + Texts.quote(text));
        }
        int slash = text.indexOf('/');
        long high = Long.parseLong(text.substring(0, slash), 16);
        long low = Long.parseLong(text.substring(slash + 1), 16);
        return new Lsn((high << 32) | low);
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    public boolean isAfter(Lsn other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
