package io.nostale.renderer.security;

/** Visitor-typed text made safe for one log line: quoted, bounded, control characters escaped. */
final class LogText {

    private static final int MAX = 64;

    private LogText() {
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("'");
        int end = Math.min(text.length(), MAX);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\'' || c == '\\' || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        quoted.append('\'');
        if (text.length() > MAX) {
            quoted.append("…(").append(text.length()).append(" chars)");
        }
        return quoted.toString();
    }
}
