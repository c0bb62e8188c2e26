/**
 * The cdc-relay application and its configuration ({@link io.nostale.relay.RelayProperties}). The path of a
 * change: {@link io.nostale.relay.capture} (Debezium engine, supervised) → {@link io.nostale.relay.convert}
 * (Debezium record → {@link io.nostale.wire.ChangeEvent}) → {@link io.nostale.relay.kafka} (idempotent
 * producer, acknowledged before Debezium's offset is committed). {@link io.nostale.relay.slot} owns the
 * replication slot and writes the stream-start record when it creates one.
 */
@NullMarked
package io.nostale.relay;

import org.jspecify.annotations.NullMarked;
