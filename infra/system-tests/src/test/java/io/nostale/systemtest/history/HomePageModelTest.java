package io.nostale.systemtest.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The mirror of home-model.js and the per-page rules, without the product: the checker must be able to fail. */
class HomePageModelTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PAGE = """
            <script type="application/json" id="nostale-model">{"joined":[3],"pending":[{"id":12,"roomId":5}],
            "rooms":{"3":{"title":"beta","version":2},"5":{"title":"Zeta","version":1}}}</script>""";

    @Test
    void startsFromTheRenderedModelAndSortsByCodeUnits() {
        HomePageModel model = HomePageModel.fromPage(7, PAGE);
        assertThat(model.rows()).containsExactly(new HomePageModel.Row(5, "Zeta", "pending"),
                new HomePageModel.Row(3, "beta", "joined"));
    }

    @Test
    void appliesAnAdmissionAndKeepsTheNewerTitle() {
        HomePageModel model = HomePageModel.fromPage(7, PAGE);
        model.apply(change("chat_room_join_request", "UPDATE", "{\"id\":12,\"room_id\":5,\"user_id\":7,\"status\":\"pending\",\"version\":1}",
                "{\"id\":12,\"room_id\":5,\"user_id\":7,\"status\":\"admitted\",\"version\":2}", "0/10#0/8"));
        model.apply(change("chat_room_member", "INSERT", "{}", "{\"room_id\":5,\"user_id\":7}", "0/10#0/9"));
        model.apply(change("chat_room", "UPDATE", "{}", "{\"id\":3,\"title\":\"alpha\",\"version\":1}", "0/20#0/18"));
        assertThat(model.rows()).containsExactly(new HomePageModel.Row(5, "Zeta", "joined"),
                new HomePageModel.Row(3, "beta", "joined"));
        model.apply(change("chat_room_join_request", "INSERT", "{}",
                "{\"id\":13,\"room_id\":9,\"user_id\":7,\"status\":\"pending\",\"version\":1}", "0/30#0/28"));
        assertThat(model.missingTitles()).containsExactly(9L);
        assertThat(model.learnRoom(9, "yak", 4)).isTrue();
        assertThat(model.rows()).extracting(HomePageModel.Row::roomId).containsExactly(5L, 3L, 9L);
    }

    @Test
    void flagsAPositionAppliedTwiceAndAnOlderVersion() {
        HomePageModel model = HomePageModel.fromPage(7, PAGE);
        PageTrack track = new PageTrack(model, model.shownRoomIds());
        JsonNode rename = change("chat_room", "UPDATE", "{}", "{\"id\":3,\"title\":\"gamma\",\"version\":3}", "0/40#0/38");
        assertThat(track.check(rename, "rename")).isEmpty();
        track.applied(rename, "rename");
        assertThat(track.check(rename, "again")).hasValueSatisfying(v -> assertThat(v[0]).contains("twice"));
        JsonNode stale = change("chat_room", "UPDATE", "{}", "{\"id\":5,\"title\":\"old\",\"version\":1}", "0/50#0/48");
        assertThat(track.check(stale, "stale")).hasValueSatisfying(v -> assertThat(v[0]).contains("backwards"));
        JsonNode earlier = change("chat_room_member", "INSERT", "{}", "{\"room_id\":8,\"user_id\":7}", "0/30#0/28");
        assertThat(track.check(earlier, "earlier")).hasValueSatisfying(v -> assertThat(v[0]).contains("not after"));
    }

    private static JsonNode change(String table, String op, String before, String after, String position) {
        return JSON.readTree("{\"type\":\"change\",\"table\":\"" + table + "\",\"op\":\"" + op + "\",\"before\":" + before
                + ",\"after\":" + after + ",\"position\":\"" + position + "\"}");
    }
}
