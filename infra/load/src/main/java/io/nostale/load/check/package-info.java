/**
 * The "0 missed" check: an oracle of the driver's own workload (which of its commits each page must get), written
 * from the page descriptions of docs/protocol.md, independent of the gateway's filter classes; and the per-page
 * comparison of what arrived against it (missed, twice, out of order, unexpected).
 */
package io.nostale.load.check;
