package io.nostale.wire;

/**
 * Written by the relay to the change topic when it creates its replication slot: changes committed before
 * {@code startLsn} were never captured, so a page whose timepoint is older cannot be caught up and must
 * re-read its data. Also marks a slot that was dropped and recreated.
 *
 * @param slot          replication slot name
 * @param systemId      PostgreSQL system identifier ({@code pg_control_system()})
 * @param startLsn      WAL position the slot starts at
 * @param startedMillis database clock when the slot was created, epoch milliseconds
 */
public record StreamStart(String slot, String systemId, String startLsn, long startedMillis) {
}
