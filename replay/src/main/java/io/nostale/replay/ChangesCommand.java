package io.nostale.replay;

import io.nostale.pages.PageFilter;
import io.nostale.pages.PageFilters;
import io.nostale.pages.Verdict;
import io.nostale.pages.record.Duplicates;
import io.nostale.pages.record.LoggedRecord;
import io.nostale.wire.PageGrant;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code changes}: the history in commit order, each change once (a relay's re-sent duplicates are left out), stream
 * resets marked; selected by range, user, room and table, or by what one user's page would be sent.
 */
@Command(name = "changes", mixinStandardHelpOptions = true,
        description = "The changes in commit order, each once; stream resets marked.")
final class ChangesCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;
    @Mixin
    Users users;
    @Mixin
    OutputOptions output;
    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "POINT", description = "first point (default: the oldest retained); " + Point.FORMS)
    String from;
    @Option(names = "--user", paramLabel = "USER", description = "rows that reference this user (username or id)")
    String user;
    @Option(names = "--room", paramLabel = "ID", description = "rows of this room")
    long room;
    @Option(names = "--table", split = ",", paramLabel = "TABLE", description = "rows of these tables")
    Set<String> tables = new LinkedHashSet<>();
    @Option(names = "--page", paramLabel = "PAGE",
            description = "with --user: what that user's page (home, rooms, room:R) would be sent, as the gateway filters it")
    String page;
    @Option(names = "--grants", split = ",", paramLabel = "GRANT", description = "with a room page: member, owner")
    Set<String> grants = new LinkedHashSet<>();
    @Option(names = "--follow", description = "keep printing changes as they are committed (Ctrl-C ends)")
    boolean follow;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        long userId = user == null ? 0 : users.idOf(user);
        Optional<PageFilter> filter = pageFilter(userId);
        Selection selection = new Selection(filter.isPresent() ? 0 : userId, room, tables, output.heartbeats);
        try (History history = History.open(kafka)) {
            long start = from == null ? history.beginning() : history.offsetOf(Point.parse(from, now));
            long until = output.until(history, now);
            Duplicates duplicates = new Duplicates();
            long[] skipped = {0};
            output.format.header(spec.commandLine().getOut(), false);
            history.read(start, () -> follow, entry -> {
                LoggedRecord record = entry.record();
                if (!duplicates.isNew(record)) {
                    skipped[0]++;
                } else {
                    show(entry, filter, selection).ifPresent(line -> output.print(spec.commandLine().getOut(), line));
                }
                return true;
            }, until);
            if (skipped[0] > 0 && output.format == Format.TABLE) {
                spec.commandLine().getErr().println("(" + skipped[0] + " duplicate records a relay re-sent are not shown)");
            }
        }
        return 0;
    }

    private Optional<PageFilter> pageFilter(long userId) {
        if (page == null) {
            return Optional.empty();
        }
        if (userId == 0) {
            throw new ReplayException("--page needs --user: a page is always some user's page");
        }
        return Optional.of(PageFilters.forPage(userId, page, PageGrant.parse(String.join(",", grants))).orElseThrow(
                () -> new ReplayException("unknown page '" + page + "' (with grants " + grants
                        + "): pages are home, rooms and room:R; grants only on room pages")));
    }

    /** The line for an entry the selection (or the page's filter, as the page would see it) takes; resets always. */
    private static Optional<Line> show(History.Entry entry, Optional<PageFilter> filter, Selection selection) {
        LoggedRecord record = entry.record();
        if (record instanceof LoggedRecord.Change change) {
            if (filter.isEmpty()) {
                return selection.selects(change.event()) ? Optional.of(Line.of(record, 0)) : Optional.empty();
            }
            Verdict verdict = filter.get().judge(change.event());
            if (verdict instanceof Verdict.Show show) {
                return Optional.of(Line.of(new LoggedRecord.Change(change.offset(), show.shown(), change.position()), 0));
            }
            if (verdict instanceof Verdict.ShowThenEnd end) { // the page then re-renders: explain tells that part
                return Optional.of(Line.of(new LoggedRecord.Change(change.offset(), end.shown(), change.position()), 0));
            }
            return Optional.empty();
        }
        if (record instanceof LoggedRecord.Truncate truncate) {
            boolean shown = filter.map(f -> f.reads(truncate.event().table()))
                    .orElseGet(() -> selection.selectsTruncateOf(truncate.event().table()));
            return shown ? Optional.of(Line.of(record, 0)) : Optional.empty();
        }
        return Optional.of(Line.of(record, entry.timestampMillis()));
    }
}
