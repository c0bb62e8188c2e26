package io.nostale.systemtest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A room page ({@code /rooms/{id}}) as the renderer served it: what it shows, by the DOM hooks of renderer/README.md,
 * and its embedded live block (token, timepoint, gateway, grants).
 */
public record RenderedRoom(View view, String token, String timepoint, String gatewayUrl, String page, List<String> grants,
                           String html) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern LIVE_BLOCK = Pattern.compile(
            "<script type=\"application/json\" id=\"nostale-live\">(.*?)</script>", Pattern.DOTALL);
    private static final Pattern REGION = Pattern.compile("<main\\b[^>]*\\bid=\"live-region\"[^>]*>");
    private static final Pattern TITLE = Pattern.compile("<h1\\b[^>]*\\bid=\"room-title\"[^>]*>([^<]*)</h1>");
    private static final Pattern JOIN_STATE = Pattern.compile("<section\\b[^>]*\\bid=\"join-state\"[^>]*>");

    /**
     * What a room page shows, as a test compares it: title, the grants the page was rendered with
     * ({@code data-member}, {@code data-owner}), the visitor's {@code #join-state[data-state]} ("" when the page
     * has none: members), and the ids in {@code #message-list}, {@code #request-list} and {@code #member-list},
     * in page order. The browser's DOM reads into the same record ({@link Browser#roomView()}).
     */
    public record View(String title, boolean member, boolean owner, String joinState, List<Long> messageIds,
                       List<Long> requestIds, List<Long> memberIds) {
    }

    public static RenderedRoom parse(String html) {
        Matcher live = LIVE_BLOCK.matcher(html);
        if (!live.find()) {
            throw new AssertionError("room page has no nostale-live block:\n" + html);
        }
        JsonNode block = JSON.readTree(live.group(1));
        List<String> grants = new ArrayList<>();
        block.path("grants").forEach(grant -> grants.add(grant.asString()));
        String region = first(REGION, html, 0);
        View view = new View(unescape(first(TITLE, html, 1)), "true".equals(attribute(region, "data-member")),
                "true".equals(attribute(region, "data-owner")), attribute(firstOrEmpty(JOIN_STATE, html), "data-state"),
                ids(list(html, "ol", "message-list"), "data-message-id"),
                ids(list(html, "ul", "request-list"), "data-request-id"),
                ids(list(html, "ul", "member-list"), "data-user-id"));
        return new RenderedRoom(view, block.path("token").asString(), block.path("timepoint").asString(),
                block.path("gateway").asString(), block.path("page").asString(), List.copyOf(grants), html);
    }

    /** The inner HTML of {@code <tag id="id">…</tag>} (the page's lists hold no nested lists), "" without one. */
    private static String list(String html, String tag, String id) {
        Matcher matcher = Pattern.compile("<" + tag + "\\b[^>]*\\bid=\"" + id + "\"[^>]*>(.*?)</" + tag + ">", Pattern.DOTALL)
                .matcher(html);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static List<Long> ids(String fragment, String attribute) {
        List<Long> ids = new ArrayList<>();
        Matcher matcher = Pattern.compile("<li\\b[^>]*\\b" + attribute + "=\"(\\d+)\"").matcher(fragment);
        while (matcher.find()) {
            ids.add(Long.parseLong(matcher.group(1)));
        }
        return List.copyOf(ids);
    }

    private static String attribute(String tag, String name) {
        Matcher matcher = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(tag);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static String first(Pattern pattern, String html, int group) {
        Matcher matcher = pattern.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("room page lacks " + pattern.pattern() + ":\n" + html);
        }
        return matcher.group(group);
    }

    private static String firstOrEmpty(Pattern pattern, String html) {
        Matcher matcher = pattern.matcher(html);
        return matcher.find() ? matcher.group() : "";
    }

    /** Mustache escapes text; titles in the tests use letters, spaces and at most these. */
    private static String unescape(String text) {
        return text.replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
