package io.nostale.wire;

/** Helpers for error messages that quote client input without flooding logs. */
final class Texts {

    private static final int MAX_QUOTED = 80;

    private Texts() {
    }

    static String quote(String text) {
        if (text == null) {
            return "nothing";
        }
        String shown = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text;
        StringBuilder out = new StringBuilder("\"");
        shown.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('"').toString();
    }
}
