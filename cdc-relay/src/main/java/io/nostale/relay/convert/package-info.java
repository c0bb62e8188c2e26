/**
 * Pure conversion of Debezium's records (Kafka Connect {@code SourceRecord}s of the postgres connector) into
 * the relay's Kafka records: {@link io.nostale.wire.ChangeEvent} values with their key and stream position.
 * No I/O here; everything is unit-tested with records shaped like Debezium's.
 */
@NullMarked
package io.nostale.relay.convert;

import org.jspecify.annotations.NullMarked;
