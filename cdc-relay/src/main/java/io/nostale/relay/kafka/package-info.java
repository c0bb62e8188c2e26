/**
 * The Kafka side: the change topic (checked and created at start), one idempotent producer per engine run that
 * returns only once Kafka acknowledged every record, and the capture-lag metrics measured at that acknowledgement.
 */
@NullMarked
package io.nostale.relay.kafka;

import org.jspecify.annotations.NullMarked;
