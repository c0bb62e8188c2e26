package io.nostale.renderer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the home page's DOM contract out of its HTML (our own template, so patterns suffice). */
public record HomeHtml(String html) {

    private static final Pattern ROW = Pattern.compile(
            "<li class=\"room\" data-room-id=\"(\\d+)\" data-status=\"(\\w+)\">(.*?)</li>");
    private static final Pattern TAG = Pattern.compile("<[^>]+>");

    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        Matcher m = ROW.matcher(html);
        while (m.find()) {
            rows.add(new Row(Long.parseLong(m.group(1)), m.group(2), m.group(3),
                    TAG.matcher(m.group(3)).replaceAll("")));
        }
        return rows;
    }

    /** The raw content of {@code <script type="application/json" id="...">}. */
    public String jsonBlock(String id) {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"" + id + "\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        if (!m.find()) {
            throw new AssertionError("no JSON block #" + id + " in page");
        }
        return m.group(1);
    }

    /** One row: {@code inner} is its HTML, {@code text} its text with tags removed (entities left escaped). */
    public record Row(long roomId, String status, String inner, String text) {
    }
}
