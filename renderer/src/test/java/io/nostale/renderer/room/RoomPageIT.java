package io.nostale.renderer.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.renderer.Browser;
import io.nostale.renderer.HomeHtml;
import io.nostale.renderer.RendererITSupport;
import io.nostale.wire.PageGrant;
import io.nostale.wire.SigningKeys;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.SubscriptionTokens;
import io.nostale.wire.TokenCheck;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The room pages as rendered (no JavaScript): the token's grants are exactly what the page's snapshot showed, the
 * models carry what the scripts need, the messages endpoint is for members only, renaming is for owners only.
 */
class RoomPageIT extends RendererITSupport {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void grantsAreExactlyMembershipAndOwnershipAsRendered() {
        User owner = user("owner");
        User member = user("member");
        User visitor = user("visitor");
        long room = room("Grants", owner);
        join(room, member);
        User absentOwner = user("absent-owner");
        long ownedNotJoined = jdbc.queryForObject("INSERT INTO chat_room (title, owner_id) VALUES ('Away', ?)"
                + " RETURNING id", Long.class, absentOwner.id());

        assertThat(claims(signedIn(owner), "/rooms/" + room).grants()).isEqualTo(Set.of(PageGrant.MEMBER, PageGrant.OWNER));
        assertThat(claims(signedIn(member), "/rooms/" + room).grants()).isEqualTo(Set.of(PageGrant.MEMBER));
        assertThat(claims(signedIn(visitor), "/rooms/" + room).grants()).isEmpty();
        SubscriptionClaims away = claims(signedIn(absentOwner), "/rooms/" + ownedNotJoined);
        assertThat(away.grants()).isEqualTo(Set.of(PageGrant.OWNER));
        assertThat(away.page()).isEqualTo("room:" + ownedNotJoined);
        SubscriptionClaims directory = claims(signedIn(visitor), "/rooms");
        assertThat(directory.page()).isEqualTo("rooms");
        assertThat(directory.grants()).isEmpty();
    }

    @Test
    void roomModelCarriesTheLatestMessagesVersionsAndNames() {
        User owner = user("owner");
        User member = user("member");
        long room = room("Model", owner);
        join(room, member);
        jdbc.update("INSERT INTO chat_message (room_id, author_id, body) SELECT ?, ?, 'm' || n"
                + " FROM generate_series(1, 55) n ORDER BY n", room, member.id());
        long edited = jdbc.queryForObject("SELECT max(id) FROM chat_message WHERE room_id = ?", Long.class, room);
        jdbc.update("UPDATE chat_message SET body = 'edited' WHERE id = ?", edited);
        long request = request(room, user("asker"));

        HomeHtml page = new HomeHtml(signedIn(owner).get("/rooms/" + room).body());
        JsonNode model = json.readTree(page.jsonBlock("nostale-model"));

        assertThat(model.get("messages")).hasSize(50);
        assertThat(model.get("messages").get(0).get("body").asString()).isEqualTo("m6");
        assertThat(model.get("messages").get(49).get("id").asLong()).isEqualTo(edited);
        assertThat(model.get("messages").get(49).get("version").asLong()).isEqualTo(2);
        assertThat(model.get("hasOlder").asBoolean()).isTrue();
        assertThat(model.get("members").valueStream().map(JsonNode::asLong)).containsExactly(
                Math.min(owner.id(), member.id()), Math.max(owner.id(), member.id()));
        assertThat(model.get("requests").get(0).get("id").asLong()).isEqualTo(request);
        assertThat(model.get("users").get(Long.toString(member.id())).asString()).isEqualTo("Display member");
        assertThat(model.get("room").get("ownerId").asLong()).isEqualTo(owner.id());
        assertThat(page.html()).contains("data-request-id=\"" + request + "\"").contains("id=\"rename-title\"");
    }

    @Test
    void visitorsModelHoldsNoMessagesNoMembersAndOnlyTheirOwnRequests() {
        User owner = user("owner");
        User visitor = user("visitor");
        long room = room("Closed", owner);
        jdbc.update("INSERT INTO chat_message (room_id, author_id, body) VALUES (?, ?, 'secret')", room, owner.id());
        request(room, user("someone-else"));
        long mine = request(room, visitor);

        HomeHtml page = new HomeHtml(signedIn(visitor).get("/rooms/" + room).body());
        JsonNode model = json.readTree(page.jsonBlock("nostale-model"));

        assertThat(model.get("messages")).isEmpty();
        assertThat(model.get("members")).isEmpty();
        assertThat(model.get("requests")).hasSize(1);
        assertThat(model.get("requests").get(0).get("id").asLong()).isEqualTo(mine);
        assertThat(page.html()).doesNotContain("secret").doesNotContain("Display someone-else")
                .contains("data-state=\"pending\"");
    }

    @Test
    void olderMessagesAreForMembersOnly() {
        User owner = user("owner");
        User visitor = user("visitor");
        long room = room("History", owner);
        jdbc.update("INSERT INTO chat_message (room_id, author_id, body) SELECT ?, ?, 'm' || n"
                + " FROM generate_series(1, 60) n ORDER BY n", room, owner.id());
        List<Long> ids = jdbc.queryForList("SELECT id FROM chat_message WHERE room_id = ? ORDER BY id", Long.class, room);
        Browser member = signedIn(owner);

        HttpResponse<String> older = member.get("/api/rooms/" + room + "/messages?before=" + ids.get(55));
        assertThat(older.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(older.body());
        assertThat(body.get("messages")).hasSize(50);
        assertThat(body.get("messages").get(0).get("id").asLong()).isEqualTo(ids.get(5));
        assertThat(body.get("messages").get(49).get("id").asLong()).isEqualTo(ids.get(54));
        assertThat(body.get("messages").get(0).get("authorName").asString()).isEqualTo("Display owner");
        assertThat(body.get("messages").get(0).get("version").asLong()).isEqualTo(1);
        assertThat(body.get("hasOlder").asBoolean()).isTrue();
        JsonNode last = json.readTree(member.get("/api/rooms/" + room + "/messages?before=" + ids.get(5)).body());
        assertThat(last.get("messages")).hasSize(5);
        assertThat(last.get("hasOlder").asBoolean()).isFalse();

        Browser outsider = signedIn(visitor);
        assertThat(outsider.get("/api/rooms/" + room + "/messages?before=" + ids.get(55)).statusCode()).isEqualTo(403);
        assertThat(outsider.get("/api/rooms/987654321/messages?before=10").statusCode()).isEqualTo(404);
        assertThat(member.get("/api/rooms/" + room + "/messages?before=0").statusCode()).isEqualTo(400);
        assertThat(member.get("/api/rooms/" + room + "/messages?before=x").statusCode()).isEqualTo(400);
        jdbc.update("DELETE FROM chat_room_member WHERE room_id = ? AND user_id = ?", room, owner.id());
        assertThat(member.get("/api/rooms/" + room + "/messages?before=" + ids.get(55)).statusCode())
                .as("a member who left reads nothing more").isEqualTo(403);
    }

    @Test
    void onlyTheOwnerRenamesAndBlankTitlesAreRefused() {
        User owner = user("owner");
        User member = user("member");
        long room = room("Before", owner);
        join(room, member);

        assertThat(signedIn(member).post("/rooms/" + room + "/title", Map.of("title", "Hijacked")).statusCode())
                .isEqualTo(403);
        Browser ownerBrowser = signedIn(owner);
        assertThat(ownerBrowser.post("/rooms/" + room + "/title", Map.of("title", "   ")).statusCode()).isEqualTo(400);
        assertThat(ownerBrowser.post("/rooms/" + room + "/title", Map.of("title", "x".repeat(201))).statusCode())
                .isEqualTo(400);
        assertThat(ownerBrowser.post("/rooms/987654321/title", Map.of("title", "Nowhere")).statusCode()).isEqualTo(404);
        assertThat(title(room)).isEqualTo("Before");

        HttpResponse<String> renamed = ownerBrowser.post("/rooms/" + room + "/title", Map.of("title", "  After  "));
        assertThat(renamed.statusCode()).isEqualTo(302);
        assertThat(title(room)).isEqualTo("After");
        long version = jdbc.queryForObject("SELECT version FROM chat_room WHERE id = ?", Long.class, room);
        ownerBrowser.post("/rooms/" + room + "/title", Map.of("title", "After"));
        assertThat(jdbc.queryForObject("SELECT version FROM chat_room WHERE id = ?", Long.class, room))
                .as("the same title writes nothing").isEqualTo(version);
    }

    @Test
    void directoryShowsCountsAndStatesAndItsModel() {
        User me = user("me");
        User owner = user("owner");
        long open = room("Directory open " + me.id(), owner);
        long denied = room("Directory denied " + me.id(), owner);
        join(denied, user("x"));
        long deniedRequest = request(denied, me);
        jdbc.update("UPDATE chat_room_join_request SET status = 'denied' WHERE id = ?", deniedRequest);

        HomeHtml page = new HomeHtml(signedIn(me).get("/rooms").body());

        assertThat(page.html()).contains("data-room-id=\"" + open + "\" data-state=\"none\" data-member-count=\"1\"")
                .contains("data-room-id=\"" + denied + "\" data-state=\"denied\" data-member-count=\"2\"")
                .contains("Your last request was denied");
        JsonNode model = json.readTree(page.jsonBlock("nostale-model"));
        assertThat(model.get("rooms").get(Long.toString(denied)).get("members").asLong()).isEqualTo(2);
        assertThat(model.get("requests").valueStream().map(r -> r.get("id").asLong())).containsExactly(deniedRequest);
        assertThat(model.get("users").get(Long.toString(owner.id())).asString()).isEqualTo("Display owner");
    }

    private String title(long room) {
        return jdbc.queryForObject("SELECT title FROM chat_room WHERE id = ?", String.class, room);
    }

    private SubscriptionClaims claims(Browser browser, String path) {
        JsonNode live = json.readTree(new HomeHtml(browser.get(path).body()).jsonBlock("nostale-live"));
        TokenCheck check = new SubscriptionTokens(SigningKeys.parse(TOKEN_KEYS), Clock.systemUTC())
                .verify(live.get("token").asString());
        assertThat(check).isInstanceOf(TokenCheck.Accepted.class);
        SubscriptionClaims claims = ((TokenCheck.Accepted) check).claims();
        assertThat(live.get("grants").valueStream().map(JsonNode::asString).toList())
                .isEqualTo(claims.grants().stream().sorted().map(PageGrant::wireName).toList());
        return claims;
    }
}
