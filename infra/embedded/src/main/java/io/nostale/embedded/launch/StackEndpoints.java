package io.nostale.embedded.launch;

import io.nostale.embedded.EmbeddedStack;

/** Where the services find PostgreSQL and Kafka; a value so the environment can be built without a stack. */
record StackEndpoints(String jdbcUrl, String postgresHost, int postgresPort, String database, String username,
                      String password, String kafkaBootstrapServers) {

    static StackEndpoints of(EmbeddedStack stack) {
        return new StackEndpoints(stack.jdbcUrl(), stack.postgresHost(), stack.postgresPort(), stack.database(),
                stack.username(), stack.password(), stack.kafkaBootstrapServers());
    }

    @Override
    public String toString() {
        return "StackEndpoints[" + jdbcUrl + " as " + username + ", kafka " + kafkaBootstrapServers + "]";
    }
}
