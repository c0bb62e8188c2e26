package io.nostale.gateway.catchup;

/** Kafka did not answer in time (or every catch-up reader stayed busy): the client should retry later. */
public final class BrokerUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
