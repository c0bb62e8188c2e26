package io.nostale.renderer.home;

import io.nostale.renderer.live.LiveBlocks;
import io.nostale.renderer.live.LivePage;
import io.nostale.renderer.security.AppUser;
import io.nostale.renderer.snapshot.SnapshotReader;
import io.nostale.wire.Timepoint;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

    /** The gateway's name for this page's subscription. */
    static final String PAGE = "home";

    private final SnapshotReader snapshots;
    private final HomeQueries queries;
    private final LivePage livePage;

    HomeController(SnapshotReader snapshots, HomeQueries queries, LivePage livePage) {
        this.snapshots = snapshots;
        this.queries = queries;
        this.livePage = livePage;
    }

    @GetMapping("/")
    String home(@AuthenticationPrincipal AppUser user, Model model) {
        Read read = snapshots.read(timepoint -> new Read(timepoint,
                HomeList.of(queries.joinedRooms(user.id()), queries.pendingRequests(user.id()))));
        // Signed after the read transaction ended: the token only names the timepoint.
        LiveBlocks blocks = livePage.embed(user.id(), PAGE, read.timepoint(), read.list().model());
        model.addAttribute("rows", read.list().rows());
        model.addAttribute("empty", read.list().rows().isEmpty());
        model.addAttribute("live", blocks);
        return "home";
    }

    private record Read(Timepoint timepoint, HomeList list) {
    }
}
