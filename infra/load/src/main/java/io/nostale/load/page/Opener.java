package io.nostale.load.page;

import io.nostale.load.check.PageKind;
import io.nostale.load.check.PageView;
import io.nostale.load.workload.Database;
import io.nostale.load.workload.PagePlan.PageSpec;
import io.nostale.load.workload.Snapshots;
import io.nostale.wire.PageGrant;
import io.nostale.wire.SigningKeys;
import io.nostale.wire.SubscriptionClaims;
import io.nostale.wire.SubscriptionTokens;
import io.nostale.wire.Timepoint;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Does what the renderer does for a page before its script connects: reads the timepoint (and a room page's grants in
 * the same snapshot) and signs the subscription token with the product's token keys. Batches for opening run on the
 * caller's thread; reloads after a resync run on the opener's own thread, one at a time.
 */
public final class Opener implements AutoCloseable {

    /** The renderer's default token lifetime ({@code NOSTALE_RENDERER_TOKEN_TTL}). */
    static final Duration TOKEN_TTL = Duration.ofHours(12);

    private final SubscriptionTokens tokens;
    private final Snapshots forBatches;
    private final Snapshots forReloads;
    private final ExecutorService reloads;

    /** A page ready to connect: its timepoint and signed token. */
    public record Ticket(PageSpec spec, Timepoint timepoint, String token) {
    }

    /** A page read anew. */
    record Reloaded(Timepoint timepoint, String token) {
    }

    public Opener(Database db, String tokenKeys, ThreadFactory threads) {
        this.tokens = new SubscriptionTokens(SigningKeys.parse(tokenKeys), Clock.systemUTC());
        this.forBatches = new Snapshots(db);
        this.forReloads = new Snapshots(db);
        this.reloads = Executors.newSingleThreadExecutor(threads);
    }

    /** One timepoint for the whole batch; a room page's grants must be what the plan says (else the plan is wrong). */
    public List<Ticket> prepare(List<PageSpec> batch) throws SQLException {
        List<Snapshots.RoomAccess> rooms = new ArrayList<>();
        for (PageSpec spec : batch) {
            if (spec.view().kind() == PageKind.ROOM) {
                rooms.add(new Snapshots.RoomAccess(spec.view().userId(), spec.view().roomId()));
            }
        }
        Snapshots.Read read = forBatches.read(rooms);
        List<Ticket> tickets = new ArrayList<>(batch.size());
        for (PageSpec spec : batch) {
            tickets.add(new Ticket(spec, read.timepoint(), sign(spec.view(), read)));
        }
        return tickets;
    }

    /** Reads the page anew on the opener's thread; {@code then} gets the result, {@code failed} the error. */
    void reload(PageView view, Consumer<Reloaded> then, Consumer<Exception> failed) {
        reloads.execute(() -> {
            try {
                List<Snapshots.RoomAccess> rooms = view.kind() == PageKind.ROOM
                        ? List.of(new Snapshots.RoomAccess(view.userId(), view.roomId())) : List.of();
                Snapshots.Read read = forReloads.read(rooms);
                then.accept(new Reloaded(read.timepoint(), sign(view, read)));
            } catch (SQLException | RuntimeException e) {
                failed.accept(e);
            }
        });
    }

    private String sign(PageView view, Snapshots.Read read) {
        Set<PageGrant> grants = Set.of();
        if (view.kind() == PageKind.ROOM) {
            grants = read.grants().get(new Snapshots.RoomAccess(view.userId(), view.roomId()));
            if (!view.grants().equals(grants)) {
                throw new IllegalStateException("user " + view.userId() + " has " + grants + " in room " + view.roomId()
                        + " at " + read.timepoint() + ", the plan says " + view.grants());
            }
        }
        return tokens.sign(new SubscriptionClaims(view.userId(), view.pageName(), read.timepoint(),
                Instant.now().plus(TOKEN_TTL), grants));
    }

    @Override
    public void close() {
        reloads.shutdownNow();
        forBatches.close();
        forReloads.close();
    }
}
