/**
 * Change capture: the Debezium embedded engine (postgres connector, pgoutput) run by one supervised thread,
 * restarted with backoff when it fails, and the batch consumer that commits Debezium's offsets only for changes
 * Kafka acknowledged.
 */
@NullMarked
package io.nostale.relay.capture;

import org.jspecify.annotations.NullMarked;
