/**
 * A minimal RFC 6455 WebSocket client on NIO, for holding many thousands of sockets in one JVM: a few selector
 * threads ({@link io.nostale.load.ws.Reactor}) serve every connection, and an idle connection holds no buffers. Only
 * what the driver needs: the HTTP upgrade, masked client frames, server text frames (fragmented or not), close and
 * ping. The JDK's {@code HttpClient} WebSocket costs threads and buffers per socket, too much for 15,000.
 */
package io.nostale.load.ws;
