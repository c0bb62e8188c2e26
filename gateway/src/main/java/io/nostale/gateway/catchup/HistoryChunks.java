package io.nostale.gateway.catchup;

import io.nostale.pages.record.LoggedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * History below the in-memory log, read from Kafka in aligned chunks that pages share. After a gateway restart every
 * page of a reconnect storm resumes from about the same offset (where the stream was when the old gateway died); read
 * page by page, N pages cost N reads of the same records from Kafka, and 10,000 pages never get through. Read by
 * chunk, each chunk comes from Kafka once and every page replaying through it takes it from here.
 *
 * <p>A chunk is {@code size} offsets from a multiple of {@code size}, complete (every record of the topic in it), and
 * immutable. Only the last {@code maxChunks} loaded are kept; since the catch-up pool serves replaying pages in turn,
 * a storm's pages move through the chunks together, so a few suffice. A chunk that reaches past {@code until} (the
 * start of the in-memory log) is read for the page alone, as is everything when Kafka fails. Chunks are keyed by the
 * log's epoch: after the topic was recreated, the same offsets mean other records.
 */
final class HistoryChunks {

    /** Reads at most one batch of records in [from, until) from Kafka. */
    @FunctionalInterface
    interface Source {
        HistoryRead read(long from, long until);
    }

    private record Key(int epoch, long start) {
    }

    private final int size;
    private final int maxChunks;
    private final Source source;
    private final Map<Key, CompletableFuture<HistoryRead>> chunks = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Key> loadOrder = new ConcurrentLinkedQueue<>();
    private final AtomicInteger loaded = new AtomicInteger();

    HistoryChunks(int size, int maxChunks, Source source) {
        if (size < 1 || maxChunks < 1) {
            throw new IllegalArgumentException("chunk size and count must be positive: " + size + ", " + maxChunks);
        }
        this.size = size;
        this.maxChunks = maxChunks;
        this.source = source;
    }

    /** Records at or after {@code from} (up to the end of its chunk), below {@code until}. */
    HistoryRead read(long from, long until, int epoch) {
        long start = from - Math.floorMod(from, size);
        long end = start + size;
        if (end > until) {
            return source.read(from, until);
        }
        Key key = new Key(epoch, start);
        CompletableFuture<HistoryRead> mine = new CompletableFuture<>();
        CompletableFuture<HistoryRead> theirs = chunks.putIfAbsent(key, mine);
        HistoryRead chunk = theirs != null ? theirs.join() : load(key, mine, end);
        return chunk instanceof HistoryRead.Records records ? from(records, from) : chunk;
    }

    /** Chunks held now (for tests and the heap budget: at most {@code maxChunks} x {@code size} records). */
    int held() {
        return chunks.size();
    }

    private HistoryRead load(Key key, CompletableFuture<HistoryRead> mine, long end) {
        HistoryRead chunk;
        try {
            chunk = readWhole(key.start(), end);
        } catch (RuntimeException e) {
            chunks.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
        if (chunk instanceof HistoryRead.Unavailable) {
            chunks.remove(key, mine); // not kept: the next page asks Kafka again
        } else {
            loadOrder.add(key);
            if (loaded.incrementAndGet() > maxChunks) {
                evictOldest();
            }
        }
        mine.complete(chunk);
        return chunk;
    }

    /** Every record in [start, end): a Kafka read returns a batch, which may be less than a chunk. */
    private HistoryRead readWhole(long start, long end) {
        List<LoggedRecord> records = new ArrayList<>(size);
        long next = start;
        while (next < end) {
            HistoryRead read = source.read(next, end);
            if (read instanceof HistoryRead.Unavailable) {
                return read;
            }
            HistoryRead.Records batch = (HistoryRead.Records) read;
            records.addAll(batch.records());
            if (batch.next() <= next) {
                throw new IllegalStateException("history read from " + next + " did not advance");
            }
            next = batch.next();
        }
        return new HistoryRead.Records(List.copyOf(records), end);
    }

    private void evictOldest() {
        Key oldest = loadOrder.poll();
        if (oldest != null) {
            chunks.remove(oldest);
            loaded.decrementAndGet();
        }
    }

    private static HistoryRead.Records from(HistoryRead.Records chunk, long from) {
        List<LoggedRecord> all = chunk.records();
        int first = 0;
        while (first < all.size() && all.get(first).offset() < from) {
            first++;
        }
        return new HistoryRead.Records(first == 0 ? all : all.subList(first, all.size()), chunk.next());
    }
}
