package io.nostale.systemtest.attack;

import io.nostale.systemtest.Db;
import io.nostale.systemtest.Db.User;
import io.nostale.systemtest.RenderedHome;
import io.nostale.systemtest.RendererSession;
import io.nostale.systemtest.SystemUnderTest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A healthy page of another user on the same gateway, open for the whole suite: after every attack it must
 * still receive its own changes, live.
 */
final class Victim implements AutoCloseable {

    private final Chat chat;
    final User user;
    final long room;
    final RenderedHome page;
    private final GatewaySocket socket;
    private final AtomicInteger renames = new AtomicInteger();

    private Victim(Chat chat, User user, long room, RenderedHome page, GatewaySocket socket) {
        this.chat = chat;
        this.user = user;
        this.room = room;
        this.page = page;
        this.socket = socket;
    }

    static Victim start(SystemUnderTest sut, Chat chat, String origin) throws Exception {
        User user = new Db(sut).user("victim");
        long room = chat.room("Victim's room", user);
        RenderedHome page = RendererSession.login(sut.rendererUrl(), user.username(), Db.PASSWORD).home();
        GatewaySocket socket = GatewaySocket.open(page.gatewayUrl(), origin);
        socket.subscribe(page.token(), page.timepoint());
        socket.awaitCaughtUp();
        return new Victim(chat, user, room, page, socket);
    }

    /** Renames the victim's room and waits for exactly that change on the victim's socket. */
    void assertStillReceivesItsChanges() throws Exception {
        String title = "Victim's room, rename " + renames.incrementAndGet();
        chat.rename(room, title);
        socket.framesThrough(frame -> "change".equals(frame.path("type").asString())
                && "chat_room".equals(frame.path("table").asString())
                && frame.path("after").path("id").asLong() == room
                && title.equals(frame.path("after").path("title").asString()), Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        socket.close();
    }
}
