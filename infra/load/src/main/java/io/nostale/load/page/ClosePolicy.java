package io.nostale.load.page;

/** What a page does when its connection ends, by close code: the table "Close codes" of docs/protocol.md. */
public final class ClosePolicy {

    /** The page's reaction. */
    public enum Reaction {
        /** Reconnect with backoff, same token and timepoint, with the resume point. */
        RESUME,
        /** Read the page anew (new timepoint and token), then subscribe without resume. */
        RELOAD,
        /** A client bug: reconnecting would fail again. The page stays closed (and is counted). */
        GIVE_UP
    }

    private ClosePolicy() {
    }

    public static Reaction react(int code) {
        return switch (code) {
            case 1009 -> Reaction.GIVE_UP; // our frame was too big
            case 4400, 4401, 4409 -> Reaction.RELOAD; // bad message or token: reload; resync: re-read the data
            default -> Reaction.RESUME; // 1001 going away, 4408, 4429, 4503, drops and anything else
        };
    }

    /** How reports name a close code. */
    public static String name(int code) {
        return switch (code) {
            case 1000 -> "1000 normal";
            case 1001 -> "1001 going-away";
            case 1006 -> "1006 dropped";
            case 1009 -> "1009 too-big";
            case 1011 -> "1011 server-error";
            case 4400 -> "4400 bad-message";
            case 4401 -> "4401 bad-token";
            case 4408 -> "4408 subscribe-timeout";
            case 4409 -> "4409 resync";
            case 4429 -> "4429 too-many-connections";
            case 4503 -> "4503 unavailable";
            default -> Integer.toString(code);
        };
    }
}
