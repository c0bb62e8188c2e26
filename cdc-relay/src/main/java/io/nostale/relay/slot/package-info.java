/**
 * The replication slot: created by the relay itself (so that the moment history starts is known and announced
 * with a stream-start record before Debezium reads from it), checked on every start, and watched by the WAL gauges.
 */
@NullMarked
package io.nostale.relay.slot;

import org.jspecify.annotations.NullMarked;
