package io.nostale.load.ws;

/** What a connection tells its owner, always on the connection's reactor thread. */
public interface WsListener {

    /** The upgrade succeeded; frames may be sent. */
    void onOpen(WsConnection connection);

    /**
     * One whole text message (reassembled when it came fragmented). The bytes are valid only during the call: they
     * usually sit in the reactor's shared read buffer.
     */
    void onText(WsConnection connection, byte[] bytes, int offset, int length);

    /** The connection is over; called once, never for a close the owner asked for itself. */
    void onEnd(WsConnection connection, Ending ending);
}
