package io.nostale.wire;

/**
 * A wire value (timepoint, position, token, ...) could not be parsed. The message says which part is
 * wrong and never echoes secret material, so it is safe to log and to send to a client.
 */
public final class MalformedValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public MalformedValueException(String message) {
        super(message);
    }
}
