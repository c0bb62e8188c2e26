/**
 * The product under load, started the way the system tests start it: the embedded PostgreSQL and Kafka in the
 * driver's JVM, renderer, cdc-relay and gateway as processes from their exec jars; and the gateway builds to compare.
 */
package io.nostale.load.product;
