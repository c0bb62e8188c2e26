package io.nostale.relay.slot;

/**
 * The replication slot is there and Debezium may stream from it.
 *
 * @param systemId PostgreSQL system identifier: offsets are kept per database cluster, so that a replaced database
 *                 never resumes from another cluster's LSNs
 * @param slot     the replication slot's name
 * @param created  whether this start created the slot (and wrote the stream-start record)
 */
public record SlotStart(String systemId, String slot, boolean created) {

    /**
     * Debezium's engine name, which namespaces its stored offsets (the first element of every offset key): one per
     * database cluster and slot.
     */
    public String engineName() {
        return engineName(systemId, slot);
    }

    static String engineName(String systemId, String slot) {
        return "nostale-relay." + systemId + "." + slot;
    }
}
