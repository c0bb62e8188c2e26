package io.nostale.renderer.live;

import tools.jackson.databind.json.JsonMapper;

/**
 * JSON that is safe to place verbatim inside {@code <script type="application/json">}: {@code <}, {@code >}
 * and {@code &} become {@code \u003c}, {@code \u003e}, {@code \u0026}, so no value can close the script
 * element or open a comment, and U+2028/U+2029 are escaped for any JavaScript consumer. Outside strings
 * JSON never contains these characters, so replacing them everywhere keeps the JSON equal in meaning.
 */
final class ScriptJson {

    private final JsonMapper mapper;

    ScriptJson(JsonMapper mapper) {
        this.mapper = mapper;
    }

    String write(Object value) {
        return escape(mapper.writeValueAsString(value));
    }

    static String escape(String json) {
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
