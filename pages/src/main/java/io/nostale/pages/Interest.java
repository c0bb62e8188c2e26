package io.nostale.pages;

import java.util.List;

/**
 * A routing key: which pages a change can concern. A page declares its interests ({@link PageFilter#interests()}),
 * a change has an audience ({@link Audience#of}); the gateway hands a change only to pages sharing a key with it, and
 * the page's filter still decides. Routing only narrows, so its one rule is: whenever a filter shows a change, the
 * page's interests and the change's audience share a key ({@code AudienceTest} checks it for every filter).
 */
public record Interest(Kind kind, long id) {

    public enum Kind {
        /** Rows of one user: their join requests and memberships. */
        USER,
        /** Everything of one room: its row, requests, members, messages. */
        ROOM,
        /** Every {@code chat_room} row (titles are public). */
        ALL_ROOMS,
        /** Every {@code chat_room_member} row (the directory counts members). */
        ALL_MEMBERS
    }

    public static final Interest ALL_ROOMS = new Interest(Kind.ALL_ROOMS, 0);
    public static final Interest ALL_MEMBERS = new Interest(Kind.ALL_MEMBERS, 0);

    /**
     * This key's one bit of 64 (Fibonacci hashing of kind and id). Two lists of keys can share a key only if their
     * {@link #bits} overlap, so most "does this change concern this page" questions are answered by one AND.
     */
    public long bit() {
        long hash = (id + kind.ordinal() * 0x1_0000_0001L) * 0x9E37_79B9_7F4A_7C15L;
        return 1L << (hash >>> 58);
    }

    /** The OR of the keys' {@link #bit}s. */
    public static long bits(List<Interest> interests) {
        long bits = 0;
        for (Interest interest : interests) {
            bits |= interest.bit();
        }
        return bits;
    }

    public static Interest user(long userId) {
        return new Interest(Kind.USER, userId);
    }

    public static Interest room(long roomId) {
        return new Interest(Kind.ROOM, roomId);
    }
}
