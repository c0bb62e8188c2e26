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

/**
 * A room's page, live (page {@code room:<id>}, with the grants its snapshot showed), and the forms on it:
 * post, leave, admit, deny, rename.
 */
@Controller
class RoomController {

    private final SnapshotReader snapshots;
    private final RoomQueries queries;
    private final RoomCommands commands;
    private final LivePage livePage;

    RoomController(SnapshotReader snapshots, RoomQueries queries, RoomCommands commands, LivePage livePage) {
        this.snapshots = snapshots;
        this.queries = queries;
        this.commands = commands;
        this.livePage = livePage;
    }

    @GetMapping("/rooms/{id}")
    String room(@AuthenticationPrincipal AppUser user, @PathVariable long id, Model model) {
        Read read = snapshots.read(timepoint -> new Read(timepoint, RoomPage.read(queries, id, user.id())));
        // Signed after the read: grants and data come from the same snapshot, the token only names it.
        LiveBlocks blocks = livePage.embed(user.id(), read.page().page(), read.timepoint(), read.page().grants(),
                read.page().model());
        model.addAttribute("page", read.page());
        model.addAttribute("live", blocks);
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

    @PostMapping("/rooms/{id}/title")
    String rename(@AuthenticationPrincipal AppUser user, @PathVariable long id, @RequestParam String title) {
        commands.rename(id, user.id(), title);
        return "redirect:/rooms/" + id;
    }

    @PostMapping("/requests/{id}/admit")
    String admit(@AuthenticationPrincipal AppUser user, @PathVariable long id) {
        return "redirect:/rooms/" + commands.admit(id, user.id()) + "#requests";
    }

    @PostMapping("/requests/{id}/deny")
    String deny(@AuthenticationPrincipal AppUser user, @PathVariable long id) {
        return "redirect:/rooms/" + commands.deny(id, user.id()) + "#requests";
    }

    private record Read(Timepoint timepoint, RoomPage page) {
    }
}
