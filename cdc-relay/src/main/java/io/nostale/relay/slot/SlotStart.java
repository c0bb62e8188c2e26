package io.nostale.relay.slot;

/**
 * The replication slot is there and Debezium may stream from it.
 *
 * @param systemId PostgreSQL system identifier: offsets are kept per database cluster, so that a replaced database
 *                 never resumes from another cluster's LSNs
 * @param created  whether this start created the slot (and wrote the stream-start record)
 */
public record SlotStart(String systemId, boolean created) {
}
