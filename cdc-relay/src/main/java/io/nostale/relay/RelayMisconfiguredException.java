package io.nostale.relay;

/**
 * The relay found something it must not work with (a change topic with several partitions, a slot of another
 * plugin or database). Retrying cannot help, so the relay refuses to run and exits with a message saying what to fix.
 */
public final class RelayMisconfiguredException extends RuntimeException {

    public RelayMisconfiguredException(String message) {
        super(message);
    }
}
