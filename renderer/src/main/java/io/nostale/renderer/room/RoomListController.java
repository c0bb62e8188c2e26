package io.nostale.renderer.room;

import io.nostale.renderer.security.AppUser;
import io.nostale.renderer.snapshot.SnapshotReader;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class RoomListController {

    private final SnapshotReader snapshots;
    private final RoomQueries queries;
    private final RoomCommands commands;

    RoomListController(SnapshotReader snapshots, RoomQueries queries, RoomCommands commands) {
        this.snapshots = snapshots;
        this.queries = queries;
        this.commands = commands;
    }

    @GetMapping("/rooms")
    String rooms(@AuthenticationPrincipal AppUser user, Model model) {
        model.addAttribute("rooms", snapshots.read(timepoint -> queries.allRooms(user.id())));
        return "rooms";
    }

    /** {@code back=list} returns to {@code /rooms}; anything else to the room (never an arbitrary URL). */
    @PostMapping("/rooms/{id}/requests")
    String requestToJoin(@AuthenticationPrincipal AppUser user, @PathVariable long id,
                         @RequestParam(defaultValue = "room") String back) {
        commands.requestToJoin(id, user.id());
        return "list".equals(back) ? "redirect:/rooms#room-" + id : "redirect:/rooms/" + id;
    }
}
