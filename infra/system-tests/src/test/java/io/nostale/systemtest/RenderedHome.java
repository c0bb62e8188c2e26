package io.nostale.systemtest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A home page as the renderer served it: its rows in DOM order and its embedded live block. */
public record RenderedHome(List<Row> rows, String token, String timepoint, String gatewayUrl, String html) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern TAG_WITH_ROOM = Pattern.compile("<[a-zA-Z]+\\b[^>]*\\bdata-room-id=\"(\\d+)\"[^>]*>");
    private static final Pattern STATUS = Pattern.compile("\\bdata-status=\"(\\w+)\"");
    private static final Pattern LIVE_BLOCK = Pattern.compile(
            "<script type=\"application/json\" id=\"nostale-live\">(.*?)</script>", Pattern.DOTALL);

    public record Row(long roomId, String status) {
    }

    public static RenderedHome parse(String html) {
        List<Row> rows = new ArrayList<>();
        Matcher tags = TAG_WITH_ROOM.matcher(html);
        while (tags.find()) {
            Matcher status = STATUS.matcher(tags.group());
            if (status.find()) {
                rows.add(new Row(Long.parseLong(tags.group(1)), status.group(1)));
            }
        }
        Matcher live = LIVE_BLOCK.matcher(html);
        if (!live.find()) {
            throw new AssertionError("home page has no nostale-live block:\n" + html);
        }
        JsonNode block = JSON.readTree(live.group(1));
        return new RenderedHome(List.copyOf(rows), block.path("token").asString(), block.path("timepoint").asString(),
                block.path("gateway").asString(), html);
    }

    boolean shows(long roomId) {
        return rows.stream().anyMatch(row -> row.roomId() == roomId);
    }
}
