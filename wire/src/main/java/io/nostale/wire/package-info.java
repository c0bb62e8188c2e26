/**
 * Value types every nostale module shares: WAL positions ({@link io.nostale.wire.Lsn}), snapshots and
 * timepoints ({@link io.nostale.wire.Timepoint}), stream positions, the change record on Kafka, and
 * subscription tokens. Dependency-free on purpose: each type has one canonical text form and a strict
 * parser that throws {@link io.nostale.wire.MalformedValueException} with a message safe to show a client.
 */
package io.nostale.wire;
