package io.nostale.renderer.room;

import io.nostale.renderer.room.RoomViews.MessageRow;
import io.nostale.renderer.room.RoomViews.RoomTitle;
import io.nostale.renderer.security.AppUser;
import io.nostale.renderer.snapshot.SnapshotReader;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** JSON the page scripts fetch: room titles (public to signed-in users) and older messages (members only). */
@RestController
class RoomApiController {

    private final RoomQueries queries;
    private final SnapshotReader snapshots;

    RoomApiController(RoomQueries queries, SnapshotReader snapshots) {
        this.queries = queries;
        this.snapshots = snapshots;
    }

    /**
     * {@code GET /api/rooms/{id}}: {@code {"id":..,"title":"..","version":..}}. The home script asks for the
     * title of a room that appears through a change it has no title for; {@code version} lets it keep whichever
     * of this answer and a concurrent live rename is newer.
     */
    @GetMapping("/api/rooms/{id}")
    RoomTitle room(@PathVariable long id) {
        return queries.room(id)
                .map(room -> new RoomTitle(room.id(), room.title(), room.version()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no room " + id));
    }

    /**
     * {@code GET /api/rooms/{id}/messages?before=M}: the up to {@value RoomQueries#MESSAGE_PAGE} messages before
     * message id {@code M}, oldest first, and whether there are older ones. Members only (403); 404 for no room.
     * Membership and messages are read in one transaction, so a member who left gets nothing written after.
     */
    @GetMapping("/api/rooms/{id}/messages")
    OlderMessages messages(@AuthenticationPrincipal AppUser user, @PathVariable long id,
                           @RequestParam long before) {
        if (before < 1) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "before must be a message id");
        }
        return snapshots.read(timepoint -> {
            queries.room(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no room " + id));
            if (!queries.isMember(id, user.id())) {
                throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only members may read this room");
            }
            List<MessageRow> rows = queries.messagesBefore(id, before, RoomQueries.MESSAGE_PAGE + 1);
            boolean hasOlder = rows.size() > RoomQueries.MESSAGE_PAGE;
            List<MessageRow> shown = hasOlder ? rows.subList(1, rows.size()) : rows;
            return new OlderMessages(shown.stream().map(m -> new OlderMessages.Message(m.id(), m.authorId(),
                    m.authorName(), m.body(), m.createdAt().toString(), m.version())).toList(), hasOlder);
        });
    }

    /** {@code {"messages":[{"id","authorId","authorName","body","createdAt","version"}..],"hasOlder":bool}}. */
    record OlderMessages(List<Message> messages, boolean hasOlder) {

        record Message(long id, long authorId, String authorName, String body, String createdAt, long version) {
        }
    }
}
