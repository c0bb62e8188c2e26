package io.nostale.gateway.catchup;

/** What Kafka answered: a value, or why there is none (not reachable in time, every reader busy). */
public sealed interface BrokerAnswer<T> {

    record Ok<T>(T value) implements BrokerAnswer<T> {
    }

    record Unavailable<T>(String why) implements BrokerAnswer<T> {
    }
}
