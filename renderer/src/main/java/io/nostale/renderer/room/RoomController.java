package io.nostale.renderer.room;

import io.nostale.renderer.room.RoomViews.RoomHeader;
import io.nostale.renderer.security.AppUser;
import io.nostale.renderer.snapshot.SnapshotReader;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** A room's page: members see messages, members and the post form; the owner also decides requests. */
@Controller
class RoomController {

    private final SnapshotReader snapshots;
    private final RoomQueries queries;
    private final RoomCommands commands;

    RoomController(SnapshotReader snapshots, RoomQueries queries, RoomCommands commands) {
        this.snapshots = snapshots;
        this.queries = queries;
        this.commands = commands;
    }

    @GetMapping("/rooms/{id}")
    String room(@AuthenticationPrincipal AppUser user, @PathVariable long id, Model model) {
        RoomPage page = snapshots.read(timepoint -> {
            RoomHeader room = queries.room(id)
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no room " + id));
            JoinState state = queries.state(id, user.id());
            boolean owner = room.ownerId() == user.id();
            return new RoomPage(room, state, owner,
                    state.member() ? queries.messages(id) : List.of(),
                    state.member() ? queries.members(id, room.ownerId()) : List.of(),
                    owner ? queries.pendingRequests(id) : List.of());
        });
        model.addAttribute("page", page);
        return "room";
    }

    @PostMapping("/rooms/{id}/messages")
    String post(@AuthenticationPrincipal AppUser user, @PathVariable long id, @RequestParam String body) {
        commands.post(id, user.id(), body);
        return "redirect:/rooms/" + id + "#composer";
    }

    @PostMapping("/rooms/{id}/leave")
    String leave(@AuthenticationPrincipal AppUser user, @PathVariable long id) {
        commands.leave(id, user.id());
        return "redirect:/";
    }

    @PostMapping("/requests/{id}/admit")
    String admit(@AuthenticationPrincipal AppUser user, @PathVariable long id) {
        return "redirect:/rooms/" + commands.admit(id, user.id()) + "#requests";
    }

    @PostMapping("/requests/{id}/deny")
    String deny(@AuthenticationPrincipal AppUser user, @PathVariable long id) {
        return "redirect:/rooms/" + commands.deny(id, user.id()) + "#requests";
    }

    record RoomPage(RoomHeader room, JoinState state, boolean owner, List<RoomViews.Message> messages,
                    List<RoomViews.Member> members, List<RoomViews.Request> requests) {

        boolean hasMessages() {
            return !messages.isEmpty();
        }

        boolean hasRequests() {
            return !requests.isEmpty();
        }
    }
}
