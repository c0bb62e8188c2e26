package io.nostale.relay.kafka;

/** Kafka did not acknowledge a record. Nothing of the batch is marked processed; the engine restarts from its offset. */
public final class PublishFailedException extends RuntimeException {

    PublishFailedException(String message) {
        super(message);
    }

    PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
