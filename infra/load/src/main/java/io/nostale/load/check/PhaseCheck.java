package io.nostale.load.check;

import io.nostale.load.workload.CommitLog;
import io.nostale.wire.Timepoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares what pages received in one phase with what the {@link Oracle} says they must, for the driver's commits
 * with ids in {@code [from, to)}. Built once per phase after writing stopped, then run for each group of pages on
 * its reactor thread (pages are confined there).
 *
 * <p>Per page, for the run of arrivals under its latest timepoint: every change the oracle expects must have
 * arrived exactly once, and nothing else. Arrivals under an earlier timepoint of the page (before a resync reloaded
 * it) must each be expected under that timepoint; what that run did not get is covered by the reload.
 */
public final class PhaseCheck {

    private static final int[] NONE = new int[0];

    private final CommitLog log;
    private final int from;
    private final int to;
    /** Ids of committed title changes: they reach every home and directory page. */
    private final int[] titles;
    private final Map<Long, int[]> byUser;
    private final Map<Long, int[]> byRoom;

    public PhaseCheck(CommitLog log, int from, int to) {
        this.log = log;
        this.from = from;
        this.to = to;
        IntList titleIds = new IntList();
        Map<Long, IntList> users = new HashMap<>();
        Map<Long, IntList> rooms = new HashMap<>();
        for (int id = from; id < to; id++) {
            if (!log.isCommitted(id)) {
                continue;
            }
            WorkloadChange change = log.change(id);
            if (change instanceof WorkloadChange.TitleChanged title) {
                titleIds.add(id);
                rooms.computeIfAbsent(title.roomId(), r -> new IntList()).add(id);
            } else if (change instanceof WorkloadChange.RequestUpdated request) {
                users.computeIfAbsent(request.userId(), u -> new IntList()).add(id);
                rooms.computeIfAbsent(request.roomId(), r -> new IntList()).add(id);
            } else if (change instanceof WorkloadChange.MessagePosted message) {
                rooms.computeIfAbsent(message.roomId(), r -> new IntList()).add(id);
            }
        }
        this.titles = titleIds.sortedRange(0, titleIds.size());
        this.byUser = freeze(users);
        this.byRoom = freeze(rooms);
    }

    public int from() {
        return from;
    }

    public int to() {
        return to;
    }

    /** True for ids of this phase; arrivals of lower ids are late ones of an earlier phase. */
    public boolean covers(int id) {
        return id >= from && id < to;
    }

    /** Checks a group of pages; {@code describe} names a page in examples. */
    public CheckReport check(List<CheckedPage> pages) {
        Map<String, KindTotals> totals = new LinkedHashMap<>();
        List<String> examples = new ArrayList<>();
        for (CheckedPage page : pages) {
            PageOutcome outcome = check(page.view(), page.received(), examples, page.name());
            String kind = page.view().kind().label();
            totals.put(kind, totals.getOrDefault(kind, KindTotals.empty(kind)).plus(outcome));
        }
        return new CheckReport(to - from, totals, List.copyOf(examples));
    }

    /** A page to check: what it is, what it received, and how to name it in a report. */
    public record CheckedPage(PageView view, Received received, String name) {
    }

    PageOutcome check(PageView view, Received received, List<String> examples, String name) {
        List<Received.Segment> segments = received.segments();
        IntList ids = received.ids();
        int twice = 0;
        int unexpected = received.foreignCount();
        if (received.foreignCount() > 0) {
            example(examples, name + ": " + received.foreignCount() + " change frames that are none of the driver's commits");
        }
        for (int s = 0; s < segments.size() - 1; s++) {
            Received.Segment segment = segments.get(s);
            int[] arrived = ids.sortedRange(segment.start(), segments.get(s + 1).start());
            for (int i = 0; i < arrived.length; i++) {
                if (i > 0 && arrived[i] == arrived[i - 1]) {
                    twice++;
                    example(examples, name + ": " + describe(arrived[i]) + " arrived twice");
                } else if (!expected(view, segment.seenAt(), arrived[i])) {
                    unexpected++;
                    example(examples, name + ": " + describe(arrived[i]) + " arrived but was not for it (before a reload)");
                }
            }
        }
        Received.Segment last = segments.get(segments.size() - 1);
        int[] arrived = ids.sortedRange(last.start(), ids.size());
        int[] expected = expectedIds(view, last.seenAt());
        int delivered = 0;
        int missed = 0;
        int a = 0;
        int e = 0;
        while (a < arrived.length || e < expected.length) {
            if (a > 0 && a < arrived.length && arrived[a] == arrived[a - 1]) {
                twice++;
                example(examples, name + ": " + describe(arrived[a]) + " arrived twice");
                a++;
            } else if (e < expected.length && (a >= arrived.length || expected[e] < arrived[a])) {
                missed++;
                example(examples, name + ": missed " + describe(expected[e]));
                e++;
            } else if (e >= expected.length || arrived[a] < expected[e]) {
                unexpected++;
                example(examples, name + ": " + describe(arrived[a]) + " arrived but was not for it");
                a++;
            } else {
                delivered++;
                a++;
                e++;
            }
        }
        if (received.outOfOrderCount() > 0) {
            example(examples, name + ": " + received.outOfOrderCount() + " change frames out of offset order");
        }
        if (received.lateCount() > 0) {
            example(examples, name + ": " + received.lateCount() + " changes of an earlier phase arrived late");
        }
        return new PageOutcome(expected.length, delivered, missed, twice, received.outOfOrderCount(), unexpected,
                received.lateCount(), received.isFenced());
    }

    /** Sorted ids of this phase the page must receive when read at {@code seenAt}. */
    int[] expectedIds(PageView view, Timepoint seenAt) {
        int[] candidates = candidates(view);
        int[] out = new int[candidates.length];
        int n = 0;
        for (int id : candidates) {
            if (expected(view, seenAt, id)) {
                out[n++] = id;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private boolean expected(PageView view, Timepoint seenAt, int id) {
        return covers(id) && log.isCommitted(id) && Oracle.expects(view, seenAt, log.change(id), log.xid(id));
    }

    /**
     * Every change that could concern the page: all titles, the user's changes, the room's changes. A superset of
     * what the oracle lets through (each change is indexed under its room, and under its user when it has one); the
     * oracle decides.
     */
    private int[] candidates(PageView view) {
        int[] user = byUser.getOrDefault(view.userId(), NONE);
        int[] room = view.kind() == PageKind.ROOM ? byRoom.getOrDefault(view.roomId(), NONE) : NONE;
        int[] all = new int[titles.length + user.length + room.length];
        System.arraycopy(titles, 0, all, 0, titles.length);
        System.arraycopy(user, 0, all, titles.length, user.length);
        System.arraycopy(room, 0, all, titles.length + user.length, room.length);
        Arrays.sort(all);
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i] != all[i - 1]) {
                all[n++] = all[i];
            }
        }
        return Arrays.copyOf(all, n);
    }

    private String describe(int id) {
        WorkloadChange change = covers(id) || id < log.nextId() ? log.change(id) : null;
        String xid = log.isCommitted(id) ? ", xid " + log.xid(id) : log.isFailed(id) ? ", failed" : ", not committed";
        return "change ld-" + id + " (" + change + xid + ")";
    }

    private static void example(List<String> examples, String line) {
        if (examples.size() < CheckReport.MAX_EXAMPLES) {
            examples.add(line);
        }
    }

    private static Map<Long, int[]> freeze(Map<Long, IntList> lists) {
        Map<Long, int[]> frozen = new HashMap<>();
        lists.forEach((key, list) -> frozen.put(key, list.sortedRange(0, list.size())));
        return frozen;
    }
}
