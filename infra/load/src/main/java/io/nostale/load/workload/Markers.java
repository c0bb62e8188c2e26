package io.nostale.load.workload;

/**
 * The marker every text the driver writes starts with: {@code ld-<change id>}, then a few words so that rows are the
 * size of real titles and messages.
 */
public final class Markers {

    private static final String PREFIX = "ld-";

    private Markers() {
    }

    public static String title(int id, String what) {
        return PREFIX + id + " " + what;
    }

    public static String message(int id, String what) {
        return PREFIX + id + " " + what + " — load driver message, about as long as a chat line";
    }

    /** The change id a text starts with, or -1 when it carries no marker. */
    public static int parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return -1;
        }
        long id = 0;
        int i = PREFIX.length();
        for (; i < text.length() && i < PREFIX.length() + 10; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            id = id * 10 + (c - '0');
        }
        boolean ends = i == text.length() || text.charAt(i) == ' ';
        return i == PREFIX.length() || !ends || id > Integer.MAX_VALUE ? -1 : (int) id;
    }
}
