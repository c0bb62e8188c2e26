package io.nostale.replay;

/** A failure the engineer can act on, told in one line on standard error; the tool exits non-zero. */
final class ReplayException extends RuntimeException {

    ReplayException(String message) {
        super(message, null, false, false);
    }
}
