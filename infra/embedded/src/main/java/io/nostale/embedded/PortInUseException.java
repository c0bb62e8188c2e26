package io.nostale.embedded;

/** A port the stack (or the product) needs is already taken by another process. */
public final class PortInUseException extends IllegalStateException {

    private final int port;

    public PortInUseException(int port, String what) {
        super("port " + port + " (" + what + ") is already in use on localhost; stop whatever listens there "
                + "(find it with: ss -ltnp 'sport = :" + port + "')");
        this.port = port;
    }

    public int port() {
        return port;
    }
}
