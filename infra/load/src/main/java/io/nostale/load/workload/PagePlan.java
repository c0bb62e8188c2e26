package io.nostale.load.workload;

import io.nostale.load.check.PageKind;
import io.nostale.load.check.PageView;
import io.nostale.wire.PageGrant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Which page is page number {@code i}: user {@code i / pagesPerUser}, kind by the mix's pattern. */
public final class PagePlan {

    private static final Set<PageGrant> OWNER_AND_MEMBER = Set.copyOf(EnumSet.of(PageGrant.MEMBER, PageGrant.OWNER));
    private static final Set<PageGrant> MEMBER = Set.of(PageGrant.MEMBER);

    private final World world;
    private final List<PageMix.Slot> pattern;

    public PagePlan(World world, PageMix mix) {
        this.world = world;
        this.pattern = mix.pattern();
    }

    /** Users needed for {@code pages} pages. */
    public static int usersFor(int pages, PageMix mix) {
        return (pages + mix.pagesPerUser() - 1) / mix.pagesPerUser();
    }

    /** Users that hold a page when {@code pages} are open: the private changes go to them. */
    public int activeUsers(int pages) {
        return Math.min(world.users(), (pages + pattern.size() - 1) / pattern.size());
    }

    public PageSpec page(int index) {
        int user = index / pattern.size();
        if (user >= world.users()) {
            throw new IllegalArgumentException("page " + index + " needs user " + user + ", only " + world.users() + " seeded");
        }
        long userId = world.userId(user);
        PageView view = switch (pattern.get(index % pattern.size())) {
            case HOME -> new PageView(PageKind.HOME, userId, 0, Set.of());
            case ROOMS -> new PageView(PageKind.ROOMS, userId, 0, Set.of());
            case OWN_ROOM -> new PageView(PageKind.ROOM, userId, world.ownRoom(user), OWNER_AND_MEMBER);
            case CLUB_ROOM -> new PageView(PageKind.ROOM, userId, world.clubOf(user), MEMBER);
        };
        return new PageSpec(index, user, view);
    }

    /** One planned page: its number, its user's index in the world, what it is. */
    public record PageSpec(int index, int user, PageView view) {
    }
}
