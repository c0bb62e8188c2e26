package io.nostale.load.page;

/**
 * The fields of one gateway frame the driver uses, parsed into a reusable holder (one per reactor: a frame is
 * handled before the next is parsed, and 100,000 frames a second should not mean 100,000 objects).
 */
public final class ServerFrame {

    /** The frame types of docs/protocol.md. */
    public enum Type { CHANGE, CAUGHT_UP, HEARTBEAT, RESYNC, ERROR, OTHER }

    Type type;
    String stream;
    long offset;
    boolean hasOffset;
    String position;
    String proof;
    long xid;
    String table;
    /** Marker of the row's title or body ({@code ld-<id>}), or -1. */
    int marker;
    long afterId;
    long afterVersion;
    String reason;
    String code;

    void clear() {
        type = Type.OTHER;
        stream = null;
        offset = -1;
        hasOffset = false;
        position = null;
        proof = null;
        xid = -1;
        table = null;
        marker = -1;
        afterId = -1;
        afterVersion = -1;
        reason = null;
        code = null;
    }

    public Type type() {
        return type;
    }

    public String stream() {
        return stream;
    }

    public long offset() {
        return offset;
    }

    public boolean hasResumePoint() {
        return stream != null && hasOffset && position != null;
    }

    public String position() {
        return position;
    }

    public String proof() {
        return proof;
    }

    public long xid() {
        return xid;
    }

    public String table() {
        return table;
    }

    public int marker() {
        return marker;
    }

    public long afterId() {
        return afterId;
    }

    public long afterVersion() {
        return afterVersion;
    }

    public String reason() {
        return reason;
    }

    public String code() {
        return code;
    }
}
