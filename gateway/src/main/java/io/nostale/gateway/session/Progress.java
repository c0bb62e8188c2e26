package io.nostale.gateway.session;

import io.nostale.wire.StreamPosition;

/**
 * How far a connection has got: every record below {@code nextOffset} was examined, and {@code applied} is
 * the highest change position the page reflects. Published as one value so a heartbeat never pairs an offset
 * with a position from a different moment.
 */
record Progress(long nextOffset, StreamPosition applied) {
}
