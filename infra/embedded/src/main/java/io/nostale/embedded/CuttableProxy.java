package io.nostale.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a loopback port to one server of the stack (PostgreSQL), that a test can cut and mend: cut, it
 * resets every connection through it and refuses new ones, as a server that went away does; mended, it forwards
 * again on the same port. One service pointed at the proxy loses its server while everything else on the shared stack
 * keeps it. Not for Kafka: its clients connect to the address the broker advertises, not to the one they were given.
 */
public final class CuttableProxy implements AutoCloseable {

    private final int port;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private ServerSocket server; // guarded by this

    private CuttableProxy(int port, int targetPort) {
        this.port = port;
        this.targetPort = targetPort;
    }

    /** Forwards a free loopback port to {@code localhost:targetPort}. */
    public static CuttableProxy to(int targetPort) {
        CuttableProxy proxy = new CuttableProxy(Ports.free(1).get(0), targetPort);
        proxy.mend();
        return proxy;
    }

    public int port() {
        return port;
    }

    /** Resets every connection through the proxy and refuses new ones until {@link #mend()}. */
    public synchronized void cut() {
        if (server == null) {
            return;
        }
        closeQuietly(server);
        server = null;
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0); // a reset, not an orderly end
            } catch (IOException ignored) {
                // closing anyway
            }
            closeQuietly(socket);
        }
        sockets.clear();
    }

    /** Forwards again, on the same port. */
    public synchronized void mend() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket listening = new ServerSocket();
            listening.setReuseAddress(true);
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = listening;
            Thread acceptor = new Thread(() -> accept(listening), "proxy-" + port + "-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + port + " again", e);
        }
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                synchronized (this) {
                    if (server != listening) { // cut meanwhile
                        closeQuietly(client);
                        closeQuietly(upstream);
                        continue;
                    }
                    sockets.add(client);
                    sockets.add(upstream);
                }
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed by cut(), or the target refused: the client's connection ends with it
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // one side ended or was cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "proxy-" + port + "-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // nothing to keep
        }
    }

    @Override
    public void close() {
        cut();
    }
}
