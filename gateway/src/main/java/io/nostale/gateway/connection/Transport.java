package io.nostale.gateway.connection;

import java.util.List;
import java.util.function.Consumer;

/** The container's side of one socket, reduced to what a {@link Connection} needs. Every method returns at once. */
public interface Transport {

    /** Writes the frames, whole and in order, as one flush; then calls {@code written} or {@code failed}, once. */
    void write(List<byte[]> frames, Runnable written, Consumer<Throwable> failed);

    /** Sends the close frame after everything written before it. */
    void close(int code, String reason);

    /** Closes the TCP connection now, without a close frame. */
    void abort();
}
