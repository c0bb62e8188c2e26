package io.nostale.replay;

import io.nostale.pages.PageFilter;
import io.nostale.pages.PageFilters;
import io.nostale.pages.delivery.Decision;
import io.nostale.pages.delivery.DeliveryRule;
import io.nostale.pages.record.LoggedRecord;
import io.nostale.wire.MalformedValueException;
import io.nostale.wire.PageGrant;
import io.nostale.wire.StreamPosition;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.SubscriptionTokens;
import io.nostale.wire.Timepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code explain}: every change from where the gateway starts a page's replay on, with the gateway's verdict for that
 * page and the reason, decided by {@link DeliveryRule} and the page's filter: the gateway's own code, not a copy.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Every change around a page's timepoint with the gateway's verdict for the page, and why.")
final class ExplainCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;
    @Mixin
    Users users;
    @Mixin
    OutputOptions output;
    @Spec
    CommandSpec spec;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "the page's subscription token (as embedded in the page): its user, page, timepoint and grants")
    String token;
    @Option(names = "--timepoint", paramLabel = "TIMEPOINT", description = "the page's timepoint (as embedded in the page)")
    String timepoint;
    @Option(names = "--page", paramLabel = "PAGE", description = "home, rooms or room:R")
    String page;
    @Option(names = "--user", paramLabel = "USER", description = "the page's user (username or id)")
    String user;
    @Option(names = "--grants", split = ",", paramLabel = "GRANT",
            description = "a room page's grants at its read: member, owner (from the token when given)")
    Set<String> grants = new LinkedHashSet<>();
    @Option(names = "--window", defaultValue = "30s", paramLabel = "DURATION",
            description = "the gateway's visibility-window (default: ${DEFAULT-VALUE}): how far before the read it starts")
    String window;

    @Override
    public Integer call() {
        SubscriptionClaims claims = claims();
        PageFilter filter = PageFilters.forPage(claims).orElseThrow(() -> new ReplayException("unknown page '"
                + claims.page() + "' (with grants " + claims.grants() + "): pages are home, rooms and room:R; grants only"
                + " on room pages"));
        Timepoint read = claims.timepoint();
        Instant historyStart = read.historyStart(duration(window));
        Map<String, Integer> counts = new TreeMap<>();
        try (History history = History.open(kafka)) {
            long start = history.offsetOf(new Point.Time(historyStart));
            long until = output.until(history, Instant.now());
            output.format.header(spec.commandLine().getOut(), true);
            Judge judge = new Judge(read, filter);
            history.read(start, () -> false, entry -> {
                Line line = judge.next(entry);
                if (output.heartbeats || !isHeartbeat(entry.record())) {
                    counts.merge(line.verdict(), 1, Integer::sum);
                    output.print(spec.commandLine().getOut(), line);
                }
                return true;
            }, until);
        }
        if (output.format == Format.TABLE) {
            spec.commandLine().getErr().println("(" + claims.page() + " of user " + claims.userId() + " read at "
                    + read.readAt() + "; replay starts at " + historyStart + "; verdicts: " + counts + ")");
        }
        return 0;
    }

    /** The rule applied record by record, as a fresh page's subscription does; nothing is judged after its end. */
    private static final class Judge {
        private final Timepoint read;
        private final PageFilter filter;
        private StreamPosition floor = StreamPosition.BEGINNING;
        private boolean ended;

        Judge(Timepoint read, PageFilter filter) {
            this.read = read;
            this.filter = filter;
        }

        Line next(History.Entry entry) {
            Line line = Line.of(entry.record(), entry.timestampMillis());
            if (ended) {
                return Verdicts.afterEnd(line);
            }
            Decision decision = DeliveryRule.judge(read, filter, floor, entry.record());
            floor = decision.floor();
            ended = decision instanceof Decision.DeliverThenEnd || decision instanceof Decision.Resync;
            return Verdicts.judged(line, decision, Verdicts.xid(read, entry.record()));
        }
    }

    private SubscriptionClaims claims() {
        if (token != null) {
            SubscriptionClaims fromToken;
            try {
                fromToken = SubscriptionTokens.claimsOf(token.strip());
            } catch (MalformedValueException e) {
                throw new ReplayException("--token: " + e.getMessage());
            }
            if (user != null && users.idOf(user) != fromToken.userId()) {
                throw new ReplayException("--user names another user than the token's (" + fromToken.userId() + ")");
            }
            return fromToken;
        }
        if (timepoint == null || page == null || user == null) {
            throw new ReplayException("give --token, or --timepoint, --page and --user");
        }
        Timepoint read;
        try {
            read = Timepoint.parse(timepoint.strip());
        } catch (MalformedValueException e) {
            throw new ReplayException("--timepoint: " + e.getMessage());
        }
        Set<PageGrant> pageGrants;
        try {
            pageGrants = PageGrant.parse(String.join(",", grants));
        } catch (MalformedValueException e) {
            throw new ReplayException("--grants: " + e.getMessage());
        }
        try {
            return new SubscriptionClaims(users.idOf(user), page, read, Instant.MAX, pageGrants);
        } catch (MalformedValueException e) {
            throw new ReplayException("--page: " + e.getMessage());
        }
    }

    private static boolean isHeartbeat(LoggedRecord record) {
        return record instanceof LoggedRecord.Change change && change.event().isHeartbeat();
    }

    private static Duration duration(String text) {
        return Point.duration(text).orElseThrow(
                () -> new ReplayException("--window: '" + text + "' is not a duration such as 30s or 2m"));
    }
}
