/**
 * What the driver measures besides its own sockets: the gateway's heap after a full GC ({@code jcmd}) and RSS, CPU
 * time per process (so readers see how the two cores were split), latency summaries.
 */
package io.nostale.load.measure;
