package io.nostale.embedded.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Worlds for the picker's tests: the renderer's demo data (V1000__demo_data.sql, ids as they come out on an empty
 * database) plus the extra visitors, and a model that applies an action the way {@link DemoWrites} does,
 * failing the test if the action would not apply (so a long run proves the picker proposes only valid changes).
 */
final class DemoWorlds {

    static final long ALICE = 1, BOB = 2, CAROL = 3, DAVE = 4, ERIN = 5, FRANK = 6;
    static final long BOOK_CLUB = 1, CLIMBING = 2, JAZZ = 3, GARDEN = 4, RETRO = 5;

    private DemoWorlds() {
    }

    static World demo() {
        return new World(
                List.of(new World.User(ALICE, "alice"), new World.User(BOB, "bob"), new World.User(CAROL, "carol"),
                        new World.User(DAVE, "dave"), new World.User(ERIN, "erin"), new World.User(FRANK, "frank")),
                List.of(new World.Room(BOOK_CLUB, "Book club", ALICE), new World.Room(CLIMBING, "Climbing", BOB),
                        new World.Room(JAZZ, "Jazz nights", BOB), new World.Room(GARDEN, "Garden swap", CAROL),
                        new World.Room(RETRO, "Retro games", CAROL)),
                Set.of(member(BOOK_CLUB, ALICE), member(CLIMBING, BOB), member(JAZZ, BOB), member(GARDEN, CAROL),
                        member(RETRO, CAROL), member(JAZZ, ALICE), member(BOOK_CLUB, BOB), member(RETRO, BOB)),
                Set.of(),
                List.of(new World.Request(1, CLIMBING, ALICE), new World.Request(2, GARDEN, ALICE),
                        new World.Request(3, BOOK_CLUB, CAROL), new World.Request(4, GARDEN, BOB)),
                Map.of(BOOK_CLUB, List.of("In! Halfway through already.",
                                "Next month: \"The Left Hand of Darkness\". Who is in?"),
                        JAZZ, List.of("See you there.", "Trio at the Blue Door on Friday, 9pm.")));
    }

    static World withRooms(World w, List<World.Room> rooms) {
        return new World(w.users(), rooms, w.members(), w.newcomers(), w.pending(), w.recentMessages());
    }

    static World withMembers(World w, Set<World.Membership> members) {
        return new World(w.users(), w.rooms(), members, w.newcomers(), w.pending(), w.recentMessages());
    }

    static World withNewcomers(World w, Set<World.Membership> newcomers) {
        return new World(w.users(), w.rooms(), w.members(), newcomers, w.pending(), w.recentMessages());
    }

    static World withPending(World w, List<World.Request> pending) {
        return new World(w.users(), w.rooms(), w.members(), w.newcomers(), pending, w.recentMessages());
    }

    static World.Membership member(long room, long user) {
        return new World.Membership(room, user);
    }

    /** The world after {@code action}; an AssertionError if the action is not valid in {@code world}. */
    static World apply(World world, Action action) {
        List<World.Room> rooms = new ArrayList<>(world.rooms());
        Set<World.Membership> members = new HashSet<>(world.members());
        List<World.Request> pending = new ArrayList<>(world.pending());
        Map<Long, List<String>> recent = new HashMap<>(world.recentMessages());
        World.Room room = world.room(action.roomId()).orElseThrow(() -> new AssertionError("no room: " + action));
        if (action instanceof Action.RequestToJoin a) {
            check(!world.isMember(a.roomId(), a.userId()) && !world.hasPending(a.roomId(), a.userId()), action);
            long id = pending.stream().mapToLong(World.Request::id).max().orElse(100) + 1000;
            pending.add(new World.Request(id, a.roomId(), a.userId()));
        } else if (action instanceof Action.Admit a) {
            check(room.ownerId() == a.ownerId(), action);
            check(pending.remove(new World.Request(a.requestId(), a.roomId(), a.userId())), action);
            members.add(member(a.roomId(), a.userId()));
        } else if (action instanceof Action.Deny a) {
            check(room.ownerId() == a.ownerId(), action);
            check(pending.remove(new World.Request(a.requestId(), a.roomId(), a.userId())), action);
        } else if (action instanceof Action.Post a) {
            check(world.isMember(a.roomId(), a.authorId()) && !a.body().isBlank(), action);
            List<String> newest = new ArrayList<>(List.of(a.body()));
            newest.addAll(world.recentMessages(a.roomId()));
            recent.put(a.roomId(), newest.subList(0, Math.min(World.RECENT_MESSAGES, newest.size())));
        } else if (action instanceof Action.Leave a) {
            check(room.ownerId() != a.userId() && !world.isNewcomer(a.roomId(), a.userId()), action);
            check(members.remove(member(a.roomId(), a.userId())), action);
        } else if (action instanceof Action.Rename a) {
            check(room.ownerId() == a.ownerId() && room.title().equals(a.oldTitle()), action);
            rooms.set(rooms.indexOf(room), new World.Room(room.id(), a.newTitle(), room.ownerId()));
        } else {
            throw new AssertionError("unknown action " + action);
        }
        return new World(world.users(), rooms, members, world.newcomers(), pending, recent);
    }

    private static void check(boolean valid, Action action) {
        if (!valid) {
            throw new AssertionError("not valid in this world: " + action);
        }
    }
}
