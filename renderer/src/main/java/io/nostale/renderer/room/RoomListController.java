package io.nostale.renderer.room;

import io.nostale.renderer.live.LiveBlocks;
import io.nostale.renderer.live.LivePage;
import io.nostale.renderer.security.AppUser;
import io.nostale.renderer.snapshot.SnapshotReader;
import io.nostale.wire.Timepoint;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code /rooms}: every room, live (page {@code rooms}), and the "Request to join" form's target. */
@Controller
class RoomListController {

    /** The gateway's name for this page's subscription. */
    static final String PAGE = "rooms";

    private final SnapshotReader snapshots;
    private final RoomQueries queries;
    private final RoomCommands commands;
    private final LivePage livePage;

    RoomListController(SnapshotReader snapshots, RoomQueries queries, RoomCommands commands, LivePage livePage) {
        this.snapshots = snapshots;
        this.queries = queries;
        this.commands = commands;
        this.livePage = livePage;
    }

    @GetMapping("/rooms")
    String rooms(@AuthenticationPrincipal AppUser user, Model model) {
        Read read = snapshots.read(timepoint -> new Read(timepoint, Directory.of(queries.directoryRooms(),
                queries.memberships(user.id()), queries.ownRequests(user.id()))));
        LiveBlocks blocks = livePage.embed(user.id(), PAGE, read.timepoint(), read.directory().model());
        model.addAttribute("rooms", read.directory().rows());
        model.addAttribute("empty", read.directory().rows().isEmpty());
        model.addAttribute("live", blocks);
        return "rooms";
    }

    /** {@code back=list} returns to {@code /rooms}; anything else to the room (never an arbitrary URL). */
    @PostMapping("/rooms/{id}/requests")
    String requestToJoin(@AuthenticationPrincipal AppUser user, @PathVariable long id,
                         @RequestParam(defaultValue = "room") String back) {
        commands.requestToJoin(id, user.id());
        return "list".equals(back) ? "redirect:/rooms#room-" + id : "redirect:/rooms/" + id;
    }

    private record Read(Timepoint timepoint, Directory directory) {
    }
}
