package io.nostale.relay.kafka;

import io.nostale.relay.convert.OutgoingRecord;
import io.nostale.relay.convert.RelayJson;
import io.nostale.wire.RecordKind;
import io.nostale.wire.StreamStart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * Writes the relay's records to the single partition of the change topic and returns only once Kafka acknowledged
 * them. One per engine run: after a failed send it is closed and a new run starts with a new producer.
 *
 * <p>Why a failed send aborts everything queued behind it: the producer is idempotent, but once a batch expires
 * it may still deliver the batches after it. The restarted engine re-sends from its last committed offset, so the
 * topic would hold a later change <em>before</em> the re-sent earlier one, and a reader that drops positions it
 * has passed would lose that change. With one request in flight and an immediate {@code close(0)} from the failure
 * callback (which runs before the sender drains the next batch), nothing after a failed record reaches the topic.
 */
public final class ChangePublisher implements AutoCloseable {

    private static final int PARTITION = 0;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final RelayJson json;
    private final PublishMetrics metrics;
    private final AtomicBoolean aborted = new AtomicBoolean();

    ChangePublisher(Producer<byte[], byte[]> producer, String topic, RelayJson json, PublishMetrics metrics) {
        this.producer = producer;
        this.topic = topic;
        this.json = json;
        this.metrics = metrics;
    }

    /**
     * Sends the records (row changes and truncates) in order; returns when all are acknowledged, throws
     * {@link PublishFailedException} if not.
     *
     * <p>They are handed to the producer together and then flushed: the producer's linger keeps it from sending the
     * first record on its own while the others are still being added (with one request in flight the rest would wait
     * a whole round trip behind it), and the flush sends them at once, in one request as long as they fit in a batch.
     * All are serialized before the first is handed over, so that the hand-over takes far less than the linger.
     */
    public void publishAll(List<? extends OutgoingRecord> changes) throws InterruptedException {
        if (changes.isEmpty()) {
            return; // a batch of heartbeats or transaction markers only
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(changes.size());
        for (OutgoingRecord change : changes) {
            records.add(new ProducerRecord<>(topic, PARTITION, change.commitMillis(),
                    change.key().getBytes(StandardCharsets.UTF_8), json.write(change), headers(change.kind())));
        }
        metrics.publishing();
        try {
            List<Future<RecordMetadata>> acks = new ArrayList<>(changes.size());
            for (int i = 0; i < records.size(); i++) {
                acks.add(send(records.get(i), changes.get(i)));
            }
            flush();
            for (int i = 0; i < acks.size(); i++) {
                OutgoingRecord change = changes.get(i);
                await(acks.get(i), change.kind().headerValue() + " " + change.table() + " at position "
                        + change.position());
            }
        }
        finally {
            metrics.published();
        }
    }

    /** Writes the stream-start record and waits for its acknowledgement. */
    public void publishStreamStart(StreamStart start) throws InterruptedException {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, PARTITION, start.startedMillis(),
                ("stream-start:" + start.slot()).getBytes(StandardCharsets.UTF_8), json.write(start),
                headers(RecordKind.STREAM_START));
        Future<RecordMetadata> ack = send(record, null);
        flush();
        await(ack, "stream-start of slot " + start.slot());
    }

    /** Hands the record over; it may wait for the topic's metadata or for buffer space. */
    private Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, @Nullable OutgoingRecord event)
            throws InterruptedException {
        if (aborted.get()) {
            throw new PublishFailedException("the producer was aborted after an earlier failed send");
        }
        try {
            return producer.send(record, (metadata, error) -> {
                if (error != null) {
                    abort();
                }
                else if (event != null) {
                    metrics.acknowledged(event.table(), event.commitMillis(), System.currentTimeMillis());
                }
            });
        }
        catch (InterruptException e) {
            throw interrupted(e);
        }
    }

    /** Makes everything sent so far ready at once and waits until it is acknowledged or failed. */
    private void flush() throws InterruptedException {
        try {
            producer.flush();
        }
        catch (InterruptException e) {
            throw interrupted(e);
        }
    }

    /**
     * Kafka's unchecked {@link InterruptException} as the {@link InterruptedException} it stands for, as an
     * interrupted {@link #await} throws it: to the engine, being interrupted looks the same wherever the wait was.
     */
    private static InterruptedException interrupted(InterruptException e) {
        Thread.interrupted(); // Kafka set the flag again before throwing; an InterruptedException carries it
        InterruptedException interrupted = new InterruptedException("interrupted while waiting for Kafka");
        interrupted.initCause(e);
        return interrupted;
    }

    private void await(Future<RecordMetadata> ack, String what) throws InterruptedException {
        try {
            ack.get();
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new PublishFailedException("Kafka did not acknowledge the " + what + " on topic '" + topic + "': "
                    + cause, cause);
        }
    }

    private void abort() {
        if (aborted.compareAndSet(false, true)) {
            producer.close(Duration.ZERO);
        }
    }

    private static RecordHeaders headers(RecordKind kind) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RecordKind.HEADER, kind.headerValue().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    @Override
    public void close() {
        producer.close(aborted.get() ? Duration.ZERO : Duration.ofSeconds(10));
    }
}
