package io.nostale.replay;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;

/** A failure the engineer can act on, told in one line on standard error; the tool exits non-zero. */
final class ReplayException extends RuntimeException {

    ReplayException(String message) {
        super(message, null, false, false);
    }

    /** The broker did not answer, or refused: which, and where, without the client's stack. */
    static ReplayException unreachable(String where, KafkaException e) {
        if (e instanceof TimeoutException) {
            return new ReplayException("the broker did not answer within " + KafkaOptions.ANSWER_MILLIS / 1000 + " s ("
                    + where + ")");
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new ReplayException("cannot read " + where + ": "
                + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage()));
    }
}
