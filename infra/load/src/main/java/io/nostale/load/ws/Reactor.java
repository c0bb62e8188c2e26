package io.nostale.load.ws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One selector thread serving many {@link WsConnection}s, with a task queue (for other threads) and timers (for
 * reconnects and time limits). Everything a connection or its owner does happens on this thread, so connection and
 * page state need no locks.
 */
public final class Reactor implements AutoCloseable {

    /** A connection not upgraded within this time is given up (a server too busy to answer is an answer too). */
    public static final long HANDSHAKE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(256 * 1024);
    private final Consumer<Throwable> onError;
    private long timerSequence;
    private volatile boolean running = true;

    private record Timer(long dueNanos, long sequence, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            int byTime = Long.compare(dueNanos - other.dueNanos, 0);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    /** Starts the thread; {@code onError} hears about exceptions thrown by owners' callbacks (the loop survives them). */
    public Reactor(ThreadFactory threads, Consumer<Throwable> onError) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.onError = onError;
        this.thread = threads.newThread(this::loop);
        thread.start();
    }

    /** Runs {@code task} on the reactor thread soon; callable from any thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code work} on the reactor thread and hands its result back. */
    public <T> CompletableFuture<T> call(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Runs {@code task} on the reactor thread after {@code delayNanos}; reactor thread only. */
    public void schedule(long delayNanos, Runnable task) {
        requireReactorThread();
        timers.add(new Timer(System.nanoTime() + delayNanos, timerSequence++, task));
    }

    public boolean inReactorThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Opens a connection from {@code source} (null: any) to {@code target} and sends the upgrade request; reactor
     * thread only. Failures to bind or connect are reported to the listener later, never from inside this call.
     */
    public WsConnection connect(InetSocketAddress target, InetSocketAddress source, String hostHeader, String path,
            String origin, WsListener listener, Object attachment) {
        requireReactorThread();
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        String key = Handshake.key(random);
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (IOException e) {
            // out of file descriptors, typically: the owner hears it as a failed connect
            WsConnection none = new WsConnection(this, null, listener, null, null, attachment);
            execute(() -> listener.onEnd(none, new Ending.Failed("socket", 0, e.toString())));
            return none;
        }
        WsConnection connection = new WsConnection(this, channel, listener,
                Handshake.request(hostHeader, path, origin, key), Handshake.expectedAccept(key), attachment);
        String stage = "bind";
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (source != null) {
                channel.bind(source);
            }
            stage = "connect";
            boolean connected = channel.connect(target);
            SelectionKey registration = channel.register(selector, 0, connection);
            connection.registered(registration, connected);
        } catch (IOException | RuntimeException e) {
            String failedStage = stage;
            execute(() -> connection.fail(failedStage, 0, e.getClass().getSimpleName() + ": " + e.getMessage()));
            return connection;
        }
        schedule(HANDSHAKE_LIMIT_NANOS, connection::handshakeTimedOut);
        return connection;
    }

    /** Stops the loop and closes every connection without telling the listeners; waits for the thread to end. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Thread thread() {
        return thread;
    }

    private void loop() {
        try {
            while (running) {
                long timeoutMillis = 1_000;
                Timer next = timers.peek();
                if (next != null) {
                    timeoutMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(next.dueNanos - System.nanoTime()) + 1);
                }
                try {
                    selector.select(this::ready, Math.min(timeoutMillis, 1_000));
                } catch (IOException e) {
                    onError.accept(e);
                }
                runTasks();
                runTimers();
            }
        } finally {
            closeAll();
        }
    }

    private void ready(SelectionKey key) {
        WsConnection connection = (WsConnection) key.attachment();
        try {
            if (key.isValid() && key.isConnectable()) {
                connection.onConnectable();
            }
            if (key.isValid() && key.isWritable()) {
                connection.onWritable();
            }
            if (key.isValid() && key.isReadable()) {
                connection.onReadable(readBuffer);
            }
        } catch (java.nio.channels.CancelledKeyException e) {
            // closed by a callback meanwhile
        } catch (RuntimeException e) {
            onError.accept(e);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                onError.accept(e);
            }
        }
    }

    private void runTimers() {
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().dueNanos - now <= 0) {
            try {
                timers.poll().task.run();
            } catch (RuntimeException e) {
                onError.accept(e);
            }
        }
    }

    private void closeAll() {
        List<SelectionKey> keys = new ArrayList<>(selector.keys());
        for (SelectionKey key : keys) {
            if (key.attachment() instanceof WsConnection connection) {
                connection.close(1001, "load driver stopping");
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void requireReactorThread() {
        if (!inReactorThread()) {
            throw new IllegalStateException("reactor method called from " + Thread.currentThread().getName());
        }
    }
}
