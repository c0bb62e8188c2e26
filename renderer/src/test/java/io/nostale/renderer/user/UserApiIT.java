package io.nostale.renderer.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.renderer.Browser;
import io.nostale.renderer.RendererITSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/users/{id}} answers only for users the requester may see; everyone else (and no such user) is
 * the same 404. Each case is set up in SQL, the way outside tools write.
 */
class UserApiIT extends RendererITSupport {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void selfAndCoMembersAreVisible() {
        User me = user("me");
        User mate = user("mate");
        User owner = user("owner");
        long room = room("Shared", owner);
        join(room, me);
        join(room, mate);
        Browser browser = signedIn(me);

        assertName(browser, me, "Display me");
        assertName(browser, mate, "Display mate");
    }

    @Test
    void strangersAndUnknownIdsAre404Alike() {
        User me = user("me");
        User stranger = user("stranger");
        User mateElsewhere = user("elsewhere");
        long theirRoom = room("Theirs", user("their-owner"));
        join(theirRoom, stranger);
        join(theirRoom, mateElsewhere);
        Browser browser = signedIn(me);

        assertThat(browser.get("/api/users/" + stranger.id()).statusCode()).isEqualTo(404);
        assertThat(browser.get("/api/users/987654321").statusCode()).isEqualTo(404);
        assertThat(browser.get("/api/users/" + stranger.id()).body()).doesNotContain("Display stranger");
    }

    @Test
    void anOwnerSeesThoseWhoAskedToJoinTheirRoomsButNotTheOtherWayAroundBeyondOwnership() {
        User owner = user("owner");
        User asker = user("asker");
        long room = room("Asked", owner);
        long request = request(room, asker);
        jdbc.update("UPDATE chat_room_join_request SET status = 'denied' WHERE id = ?", request);

        assertName(signedIn(owner), asker, "Display asker"); // any status: the owner decided it
        // the asker sees the owner because owners are public (/rooms names them), not because of the request
        assertName(signedIn(asker), owner, "Display owner");
        User otherAsker = user("other-asker");
        request(room, otherAsker);
        assertThat(signedIn(asker).get("/api/users/" + otherAsker.id()).statusCode())
                .as("fellow requesters are strangers").isEqualTo(404);
    }

    @Test
    void authorsOfMessagesInMyRoomsStayVisibleAfterTheyLeave() {
        User me = user("me");
        User author = user("author");
        long room = room("Chatty", user("chatty-owner"));
        join(room, me);
        join(room, author);
        jdbc.update("INSERT INTO chat_message (room_id, author_id, body) VALUES (?, ?, 'hi')", room, author.id());
        jdbc.update("DELETE FROM chat_room_member WHERE room_id = ? AND user_id = ?", room, author.id());

        assertName(signedIn(me), author, "Display author");
        jdbc.update("DELETE FROM chat_room_member WHERE room_id = ? AND user_id = ?", room, me.id());
        assertThat(signedIn(me).get("/api/users/" + author.id()).statusCode())
                .as("once I left, the room's authors are strangers again").isEqualTo(404);
    }

    @Test
    void signedOutIs401NotTheLoginPage() {
        assertThat(browser().get("/api/users/1").statusCode()).isEqualTo(401);
    }

    private void assertName(Browser browser, User user, String name) {
        HttpResponse<String> response = browser.get("/api/users/" + user.id());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("id").asLong()).isEqualTo(user.id());
        assertThat(body.get("displayName").asString()).isEqualTo(name);
    }
}
