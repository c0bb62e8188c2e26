package io.nostale.embedded.demo;

import io.nostale.embedded.demo.Action.Kind;
import io.nostale.embedded.demo.World.Request;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides the next change from what the tables hold: first a kind (weighted, among the kinds possible right now),
 * then one of its possible changes, preferring changes the person trying the product sees (their rooms, their
 * requests) half of the time. Pure: the same world and the same seeded {@link Random} give the same change.
 *
 * <p>Rules that keep the demo plausible and bounded: nobody acts as the person; owners decide requests, members
 * post; members who do not own a room may leave it, but not right after joining and only rooms with a few members
 * (so rooms never empty); a room collects at most {@link #MAX_PENDING_PER_ROOM} waiting requests (so the person's
 * own rooms, which only the person decides, do not pile up); only demo-titled rooms are renamed, to another title
 * of their topic.
 */
final class ActionPicker {

    static final Map<Kind, Integer> WEIGHTS = weights();
    /** How often the change is one the person sees, when there is such a change of the drawn kind. */
    static final double SPOTLIGHT = 0.5;
    static final int MAX_PENDING_PER_ROOM = 2;
    static final int MIN_MEMBERS_TO_LEAVE = 3;
    private static final Comparator<World.Membership> MEMBERSHIP_ORDER =
            Comparator.comparingLong(World.Membership::roomId).thenComparingLong(World.Membership::userId);

    private final String person;

    /** @param person the username of the person trying the product; never acted as */
    ActionPicker(String person) {
        this.person = Objects.requireNonNull(person, "person");
    }

    /** A possible change before its text is chosen. {@code request} is set for ADMIT and DENY. */
    record Candidate(Kind kind, long actorId, long roomId, Optional<Request> request) {
    }

    Optional<Action> pick(World world, Random random) {
        Map<Kind, List<Candidate>> byKind = candidates(world).stream()
                .collect(Collectors.groupingBy(Candidate::kind, () -> new EnumMap<>(Kind.class), Collectors.toList()));
        if (byKind.isEmpty()) {
            return Optional.empty();
        }
        List<Candidate> options = byKind.get(drawKind(byKind.keySet(), random));
        List<Candidate> seen = options.stream().filter(c -> seenByPerson(world, c)).toList();
        List<Candidate> pool = !seen.isEmpty() && random.nextDouble() < SPOTLIGHT ? seen : options;
        return Optional.of(complete(world, pool.get(random.nextInt(pool.size())), random));
    }

    /** Every change possible in this world, in a stable order (so a seed reproduces a run). */
    List<Candidate> candidates(World world) {
        OptionalLong personId = world.user(person).map(u -> OptionalLong.of(u.id())).orElse(OptionalLong.empty());
        List<Candidate> all = new ArrayList<>();
        for (World.Room room : world.rooms()) {
            addRequests(world, room, personId, all);
            if (!isPerson(personId, room.ownerId())) {
                addOwnerChanges(world, room, all);
            }
        }
        for (World.Membership m : world.members().stream().sorted(MEMBERSHIP_ORDER).toList()) {
            if (!isPerson(personId, m.userId())) {
                addMemberChanges(world, m, all);
            }
        }
        return all;
    }

    /** Visitors who are neither owner, member nor waiting ask to join, while the room has few waiting requests. */
    private static void addRequests(World world, World.Room room, OptionalLong personId, List<Candidate> all) {
        if (world.pendingIn(room.id()) >= MAX_PENDING_PER_ROOM) {
            return;
        }
        for (World.User user : world.users()) {
            long u = user.id();
            if (!isPerson(personId, u) && u != room.ownerId() && !world.isMember(room.id(), u)
                    && !world.hasPending(room.id(), u)) {
                all.add(new Candidate(Kind.REQUEST, u, room.id(), Optional.empty()));
            }
        }
    }

    /** The owner decides each waiting request (either way) and may rename a demo room. */
    private static void addOwnerChanges(World world, World.Room room, List<Candidate> all) {
        for (Request q : world.pending()) {
            if (q.roomId() == room.id()) {
                all.add(new Candidate(Kind.ADMIT, room.ownerId(), room.id(), Optional.of(q)));
                all.add(new Candidate(Kind.DENY, room.ownerId(), room.id(), Optional.of(q)));
            }
        }
        if (!freeTitles(world, room).isEmpty()) {
            all.add(new Candidate(Kind.RENAME, room.ownerId(), room.id(), Optional.empty()));
        }
    }

    /** A member posts; a settled member who does not own the room may leave it if enough others stay. */
    private static void addMemberChanges(World world, World.Membership m, List<Candidate> all) {
        all.add(new Candidate(Kind.POST, m.userId(), m.roomId(), Optional.empty()));
        boolean owner = world.room(m.roomId()).map(r -> r.ownerId() == m.userId()).orElse(true);
        boolean settled = !world.isNewcomer(m.roomId(), m.userId());
        if (!owner && settled && world.membersOf(m.roomId()) >= MIN_MEMBERS_TO_LEAVE) {
            all.add(new Candidate(Kind.LEAVE, m.userId(), m.roomId(), Optional.empty()));
        }
    }

    /** Whether the person sees this change on one of their pages (home, the room page, the directory's state). */
    boolean seenByPerson(World world, Candidate c) {
        return world.user(person).map(p -> world.involves(c.roomId(), p.id())).orElse(false);
    }

    private static boolean isPerson(OptionalLong personId, long userId) {
        return personId.isPresent() && personId.getAsLong() == userId;
    }

    private static Kind drawKind(Set<Kind> possible, Random random) {
        int total = possible.stream().mapToInt(WEIGHTS::get).sum();
        int ticket = random.nextInt(total);
        for (Kind kind : possible) { // EnumMap key set: declaration order, stable
            ticket -= WEIGHTS.get(kind);
            if (ticket < 0) {
                return kind;
            }
        }
        throw new IllegalStateException("weights do not add up");
    }

    private static Action complete(World world, Candidate c, Random random) {
        String title = world.title(c.roomId());
        switch (c.kind()) {
            case REQUEST:
                return new Action.RequestToJoin(c.actorId(), c.roomId());
            case ADMIT: {
                Request q = c.request().orElseThrow();
                return new Action.Admit(c.actorId(), q.id(), q.roomId(), q.userId());
            }
            case DENY: {
                Request q = c.request().orElseThrow();
                return new Action.Deny(c.actorId(), q.id(), q.roomId(), q.userId());
            }
            case POST:
                return new Action.Post(c.actorId(), c.roomId(),
                        Topic.of(title).line(random, world.recentMessages(c.roomId())));
            case LEAVE:
                return new Action.Leave(c.actorId(), c.roomId());
            case RENAME: {
                List<String> titles = freeTitles(world, world.room(c.roomId()).orElseThrow());
                return new Action.Rename(c.actorId(), c.roomId(), title, titles.get(random.nextInt(titles.size())));
            }
            default:
                throw new IllegalStateException("unknown kind " + c.kind());
        }
    }

    /** The topic's other titles that no room carries now, so two rooms never end up with the same name. */
    private static List<String> freeTitles(World world, World.Room room) {
        Set<String> taken = world.rooms().stream().map(World.Room::title).collect(Collectors.toSet());
        return Topic.of(room.title()).renamesOf(room.title()).stream().filter(t -> !taken.contains(t)).toList();
    }

    /** Messages most, then requests and decisions (admit more often than deny), now and then a leave or rename. */
    private static Map<Kind, Integer> weights() {
        Map<Kind, Integer> w = new EnumMap<>(Kind.class);
        w.put(Kind.REQUEST, 20);
        w.put(Kind.ADMIT, 16);
        w.put(Kind.DENY, 5);
        w.put(Kind.POST, 45);
        w.put(Kind.LEAVE, 6);
        w.put(Kind.RENAME, 4);
        return Collections.unmodifiableMap(w);
    }
}
