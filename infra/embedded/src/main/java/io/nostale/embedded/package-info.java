/**
 * The embedded stack: a real PostgreSQL (zonky binaries, logical replication on) and a real Kafka broker
 * (KRaft, in-process) on loopback ports, data kept in one directory across restarts. Used by the launcher of
 * the whole product and by the tests of every module.
 */
package io.nostale.embedded;
