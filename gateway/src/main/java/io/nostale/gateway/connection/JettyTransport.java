package io.nostale.gateway.connection;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.eclipse.jetty.websocket.common.JettyWebSocketFrameHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;

/**
 * Jetty's WebSocket core session under Spring's: text frames are written from bytes we already hold, so a frame
 * serialized once goes to every socket as the same bytes (no per-socket string encoding). All but the last frame of a
 * write are sent in batch mode, so Jetty gathers them into one flush.
 */
final class JettyTransport implements Transport {

    private final CoreSession core;

    private JettyTransport(CoreSession core) {
        this.core = core;
    }

    /** The transport of an open socket; the handshake's request is released here ({@link HandshakeRelease}). */
    static Transport of(WebSocketSession session) {
        if (session instanceof JettyWebSocketSession jetty
                && jetty.getNativeSession() instanceof org.eclipse.jetty.websocket.common.WebSocketSession common) {
            CoreSession core = common.getCoreSession();
            if (core instanceof WebSocketCoreSession coreSession
                    && coreSession.getHandler() instanceof JettyWebSocketFrameHandler frameHandler) {
                HandshakeRelease.release(common, frameHandler);
            }
            return new JettyTransport(core);
        }
        throw new IllegalStateException("the gateway runs on Jetty's WebSocket container; got " + session.getClass());
    }

    @Override
    public void write(List<byte[]> frames, Runnable written, Consumer<Throwable> failed) {
        int last = frames.size() - 1;
        for (int i = 0; i < last; i++) {
            core.sendFrame(new Frame(OpCode.TEXT, ByteBuffer.wrap(frames.get(i))), Callback.NOOP, true);
        }
        core.sendFrame(new Frame(OpCode.TEXT, ByteBuffer.wrap(frames.get(last))), Callback.from(written, failed), false);
    }

    @Override
    public void close(int code, String reason) {
        core.close(code, reason, Callback.NOOP);
    }

    @Override
    public void abort() {
        core.abort();
    }
}
