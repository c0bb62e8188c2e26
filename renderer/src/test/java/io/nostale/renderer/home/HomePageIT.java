package io.nostale.renderer.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.nostale.renderer.Browser;
import io.nostale.renderer.HomeHtml;
import io.nostale.renderer.HomeHtml.Row;
import io.nostale.renderer.RendererITSupport;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HomePageIT extends RendererITSupport {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void showsJoinedAndPendingRoomsSortedByTitleThenId() {
        User me = user("me");
        User other = user("other");
        long zoo = room("Zoo", me);
        long bookA = room("Book club", other);
        long bookB = room("Book club", other);
        long art = room("Art", other);
        long both = room("Chess", other);
        join(bookB, me);
        long requestA = request(bookA, me);
        request(art, me);
        request(both, me);
        join(both, me); // joined wins over the pending request
        room("Not mine", other);
        long denied = request(room("Denied", other), me);
        jdbc.update("UPDATE chat_room_join_request SET status = 'denied' WHERE id = ?", denied);

        HomeHtml page = new HomeHtml(signedIn(me).get("/").body());

        assertThat(page.rows()).extracting(Row::roomId, Row::status).containsExactly(
                tuple(art, "pending"),
                tuple(bookA, "pending"),
                tuple(bookB, "joined"),
                tuple(both, "joined"),
                tuple(zoo, "joined"));
        Row pending = page.rows().get(1);
        assertThat(pending.text()).isEqualTo("Book club Waiting to be admitted");
        assertThat(pending.inner()).doesNotContain("href");
        Row joined = page.rows().get(2);
        assertThat(joined.inner()).contains("href=\"/rooms/" + bookB + "\"").doesNotContain("Waiting");
        assertThat(joined.text()).isEqualTo("Book club");

        JsonNode model = json.readTree(page.jsonBlock("nostale-model"));
        assertThat(model.get("joined").valueStream().map(JsonNode::asLong)).containsExactlyInAnyOrder(zoo, bookB, both);
        assertThat(model.get("pending").valueStream().map(n -> n.get("id").asLong())).contains(requestA);
        assertThat(model.get("pending").valueStream().map(n -> n.get("roomId").asLong()))
                .containsExactlyInAnyOrder(bookA, art, both);
        assertThat(model.get("rooms").get(Long.toString(art)).get("title").asString()).isEqualTo("Art");
        assertThat(model.get("rooms").get(Long.toString(art)).get("version").asLong()).isEqualTo(1);
        assertThat(model.get("rooms").propertyNames()).hasSize(5);
    }

    @Test
    void hasOneLiveStatusElementThatStartsConnecting() {
        String html = signedIn(user("me")).get("/").body();

        assertThat(Pattern.compile("data-live-status=").matcher(html).results().count()).isEqualTo(1);
        assertThat(html).contains("data-live-status=\"connecting\"");
        assertThat(html).contains("<script type=\"module\" src=\"/js/home.js\"></script>");
    }

    @Test
    void emptyHomeSaysSoAndStillEmbedsTheLiveBlocks() {
        HomeHtml page = new HomeHtml(signedIn(user("me")).get("/").body());

        assertThat(page.rows()).isEmpty();
        assertThat(page.html()).contains("You have no rooms yet.");
        assertThat(json.readTree(page.jsonBlock("nostale-model")).get("joined").isEmpty()).isTrue();
    }

    @Test
    void aScriptTagInATitleCannotBreakOutOfTheJsonBlocksOrTheList() {
        User me = user("me");
        String evil = "</script><script>alert(1)</script><!--";
        long room = room(evil, me);
        Browser browser = signedIn(me);

        HttpResponse<String> response = browser.get("/");
        HomeHtml page = new HomeHtml(response.body());

        assertThat(response.body()).doesNotContain("<script>alert(1)");
        assertThat(page.jsonBlock("nostale-model")).doesNotContain("<").doesNotContain(">")
                .contains("\\u003c/script\\u003e");
        JsonNode model = json.readTree(page.jsonBlock("nostale-model"));
        assertThat(model.get("rooms").get(Long.toString(room)).get("title").asString()).isEqualTo(evil);
        assertThat(page.rows()).singleElement().satisfies(row ->
                assertThat(row.inner()).contains("&lt;/script&gt;&lt;script&gt;alert(1)"));
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'")
                        .contains("connect-src 'self' ws://localhost:" + GATEWAY_PORT));
    }

    @Test
    void roomTitleApiAnswersIdTitleAndVersion() {
        User me = user("me");
        long room = room("Renamed", me);
        jdbc.update("UPDATE chat_room SET title = 'Renamed twice' WHERE id = ?", room);

        HttpResponse<String> response = signedIn(me).get("/api/rooms/" + room);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("id").asLong()).isEqualTo(room);
        assertThat(body.get("title").asString()).isEqualTo("Renamed twice");
        assertThat(body.get("version").asLong()).isEqualTo(2);
        assertThat(signedIn(me).get("/api/rooms/987654321").statusCode()).isEqualTo(404);
    }
}
