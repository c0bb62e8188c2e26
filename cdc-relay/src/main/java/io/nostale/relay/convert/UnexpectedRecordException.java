package io.nostale.relay.convert;

/**
 * A data record from Debezium that does not have the shape the relay relies on. Relaying it anyway could break the
 * stream's order or lose a change, so the engine stops (and is restarted, failing again until someone looks).
 */
public final class UnexpectedRecordException extends RuntimeException {

    UnexpectedRecordException(String message) {
        super(message);
    }

    UnexpectedRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
