package io.nostale.gateway.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import io.nostale.pages.record.LoggedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link HistoryChunks}: pages replaying the same history below the in-memory log share one Kafka read per chunk, and
 * get exactly the records a read of their own would have given them.
 */
class HistoryChunksTest {

    /** A topic with a record at every offset except multiples of 7 (transaction markers, say). */
    private static final class Topic implements HistoryChunks.Source {
        final List<long[]> reads = new ArrayList<>();
        final int batch;
        volatile boolean down;

        Topic(int batch) {
            this.batch = batch;
        }

        @Override
        public synchronized HistoryRead read(long from, long until) {
            reads.add(new long[] {from, until});
            if (down) {
                return new HistoryRead.Unavailable("broker down");
            }
            List<LoggedRecord> records = new ArrayList<>();
            long offset = from;
            while (offset < until && records.size() < batch) {
                if (offset % 7 != 0) {
                    records.add(new LoggedRecord.Undecodable(offset, "record " + offset));
                }
                offset++;
            }
            return new HistoryRead.Records(records, offset);
        }

        synchronized int readCount() {
            return reads.size();
        }
    }

    @Test
    void pagesStartingAnywhereInAChunkShareOneReadAndGetTheRecordsFromTheirOffset() {
        Topic topic = new Topic(100);
        HistoryChunks chunks = new HistoryChunks(100, 4, topic);

        HistoryRead.Records first = (HistoryRead.Records) chunks.read(200, 10_000, 0);
        HistoryRead.Records second = (HistoryRead.Records) chunks.read(250, 10_000, 0);

        assertThat(topic.readCount()).isEqualTo(1);
        assertThat(first.records()).extracting(LoggedRecord::offset).containsExactlyElementsOf(offsets(200, 300));
        assertThat(second.records()).extracting(LoggedRecord::offset).containsExactlyElementsOf(offsets(250, 300));
        assertThat(first.next()).isEqualTo(300);
        assertThat(second.next()).as("the next read starts at the next chunk").isEqualTo(300);
    }

    @Test
    void aChunkIsCompleteEvenWhenKafkaAnswersInSmallerBatches() {
        Topic topic = new Topic(30);
        HistoryChunks chunks = new HistoryChunks(100, 4, topic);

        HistoryRead.Records read = (HistoryRead.Records) chunks.read(100, 10_000, 0);

        assertThat(read.records()).extracting(LoggedRecord::offset).containsExactlyElementsOf(offsets(100, 200));
        assertThat(read.next()).isEqualTo(200);
        assertThat(topic.readCount()).isGreaterThan(1);
    }

    @Test
    void theChunkReachingIntoTheInMemoryLogIsReadForThePageAloneAndNotKept() {
        Topic topic = new Topic(100);
        HistoryChunks chunks = new HistoryChunks(100, 4, topic);

        HistoryRead.Records read = (HistoryRead.Records) chunks.read(410, 450, 0);

        assertThat(read.records()).extracting(LoggedRecord::offset).containsExactlyElementsOf(offsets(410, 450));
        assertThat(read.next()).isEqualTo(450);
        assertThat(chunks.held()).isZero();
        chunks.read(410, 450, 0);
        assertThat(topic.readCount()).isEqualTo(2);
    }

    @Test
    void aFailedReadIsNotKeptSoTheNextPageAsksKafkaAgain() {
        Topic topic = new Topic(100);
        HistoryChunks chunks = new HistoryChunks(100, 4, topic);
        topic.down = true;

        assertThat(chunks.read(0, 10_000, 0)).isInstanceOf(HistoryRead.Unavailable.class);
        assertThat(chunks.held()).isZero();

        topic.down = false;
        HistoryRead.Records read = (HistoryRead.Records) chunks.read(0, 10_000, 0);
        assertThat(read.records()).extracting(LoggedRecord::offset).containsExactlyElementsOf(offsets(0, 100));
    }

    @Test
    void atMostMaxChunksAreKeptTheOldestLoadedGoesFirst() {
        Topic topic = new Topic(100);
        HistoryChunks chunks = new HistoryChunks(100, 3, topic);

        for (long start = 0; start < 500; start += 100) {
            chunks.read(start, 10_000, 0);
        }
        assertThat(chunks.held()).isEqualTo(3);
        chunks.read(400, 10_000, 0); // held
        assertThat(topic.readCount()).isEqualTo(5);
        chunks.read(0, 10_000, 0); // evicted: read again
        assertThat(topic.readCount()).isEqualTo(6);
    }

    @Test
    void anotherEpochMeansOtherRecordsAtTheSameOffsets() {
        Topic topic = new Topic(100);
        HistoryChunks chunks = new HistoryChunks(100, 4, topic);

        chunks.read(0, 10_000, 0);
        chunks.read(0, 10_000, 1);

        assertThat(topic.readCount()).isEqualTo(2);
    }

    @Test
    void pagesAskingForTheSameChunkAtOnceWaitForOneRead() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        Topic topic = new Topic(100);
        HistoryChunks chunks = new HistoryChunks(100, 4, (from, until) -> {
            reads.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return topic.read(from, until);
        });
        ExecutorService pages = Executors.newFixedThreadPool(8);
        try {
            List<Future<HistoryRead>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long from = 300 + i * 10;
                answers.add(pages.submit(() -> chunks.read(from, 10_000, 0)));
            }
            release.countDown();
            for (int i = 0; i < 8; i++) {
                HistoryRead.Records read = (HistoryRead.Records) answers.get(i).get(10, TimeUnit.SECONDS);
                assertThat(read.records()).extracting(LoggedRecord::offset)
                        .containsExactlyElementsOf(offsets(300 + i * 10, 400));
            }
            assertThat(reads.get()).isEqualTo(1);
        } finally {
            pages.shutdownNow();
        }
    }

    /** The offsets the topic holds in [from, until). */
    private static List<Long> offsets(long from, long until) {
        List<Long> offsets = new ArrayList<>();
        for (long offset = from; offset < until; offset++) {
            if (offset % 7 != 0) {
                offsets.add(offset);
            }
        }
        return offsets;
    }
}
