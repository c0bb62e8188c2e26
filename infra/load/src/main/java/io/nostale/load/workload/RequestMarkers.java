package io.nostale.load.workload;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A join request row has no text column to carry a marker, so its change is named by (row id, row version): the
 * version trigger bumps it on every update, and since one writer thread owns each user's row it knows the version
 * its update will produce and registers the change id under it before the statement runs.
 */
public final class RequestMarkers {

    private static final int VERSION_BITS = 24;
    private final ConcurrentHashMap<Long, Integer> ids = new ConcurrentHashMap<>();

    public void register(long requestId, long version, int changeId) {
        ids.put(key(requestId, version), changeId);
    }

    /** The change id that produced this version of the row, or -1. */
    public int changeId(long requestId, long version) {
        if (requestId < 0 || version < 0 || version >= (1L << VERSION_BITS)) {
            return -1;
        }
        Integer id = ids.get(key(requestId, version));
        return id == null ? -1 : id;
    }

    private static long key(long requestId, long version) {
        if (version >= (1L << VERSION_BITS)) {
            throw new IllegalStateException("join request " + requestId + " was updated more than 2^24 times");
        }
        return (requestId << VERSION_BITS) | version;
    }
}
