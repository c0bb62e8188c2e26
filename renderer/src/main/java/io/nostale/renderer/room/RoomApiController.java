package io.nostale.renderer.room;

import io.nostale.renderer.room.RoomViews.RoomTitle;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/rooms/{id}}: {@code {"id":..,"title":"..","version":..}}. The home script asks for the
 * title of a room that appears through a change it has no title for; {@code version} lets it keep whichever
 * of this answer and a concurrent live rename is newer. Titles are public to signed-in users.
 */
@RestController
class RoomApiController {

    private final RoomQueries queries;

    RoomApiController(RoomQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/rooms/{id}")
    RoomTitle room(@PathVariable long id) {
        return queries.room(id)
                .map(room -> new RoomTitle(room.id(), room.title(), room.version()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no room " + id));
    }
}
