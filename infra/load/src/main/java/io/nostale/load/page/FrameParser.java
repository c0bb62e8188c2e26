package io.nostale.load.page;

import io.nostale.load.workload.Markers;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Parses every gateway frame in full with Jackson's streaming parser, straight from the bytes the socket delivered,
 * keeping only the fields the driver needs ({@link ServerFrame}). A tree per frame would cost an object graph per
 * frame at fan-out rates; the streaming parser reads each token once. One instance per reactor thread.
 */
public final class FrameParser {

    private final JsonFactory json = new JsonFactory();
    /** The stream id is the same string in nearly every frame: keep one instance of it. */
    private String lastStream;

    /** Fills {@code into}; throws {@link MalformedFrameException} for text that is not a JSON object. */
    public ServerFrame parse(byte[] bytes, int offset, int length, ServerFrame into) {
        into.clear();
        try (JsonParser p = json.createParser(ObjectReadContext.empty(), bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedFrameException("frame is not a JSON object");
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "type" -> into.type = type(p.getString());
                    case "stream" -> into.stream = stream(p.getString());
                    case "offset" -> {
                        into.offset = p.getLongValue();
                        into.hasOffset = true;
                    }
                    case "position" -> into.position = p.getString();
                    case "proof" -> into.proof = value == JsonToken.VALUE_STRING ? p.getString() : null;
                    case "xid" -> into.xid = p.getLongValue();
                    case "table" -> into.table = p.getString();
                    case "reason" -> into.reason = p.getString();
                    case "code" -> into.code = p.getString();
                    case "after" -> after(p, into);
                    default -> p.skipChildren(); // before, op, commitMillis, detail, message: read, not kept
                }
            }
            if (p.nextToken() != null) {
                throw new MalformedFrameException("trailing content after the frame's object");
            }
        } catch (JacksonException e) {
            throw new MalformedFrameException("frame is not valid JSON: " + e.getOriginalMessage());
        }
        return into;
    }

    private static void after(JsonParser p, ServerFrame into) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "title", "body" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        into.marker = Markers.parse(p.getString());
                    }
                }
                case "id" -> into.afterId = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                case "version" -> into.afterVersion = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                default -> p.skipChildren();
            }
        }
    }

    private String stream(String stream) {
        if (stream.equals(lastStream)) {
            return lastStream;
        }
        lastStream = stream;
        return stream;
    }

    private static ServerFrame.Type type(String type) {
        return switch (type) {
            case "change" -> ServerFrame.Type.CHANGE;
            case "caught-up" -> ServerFrame.Type.CAUGHT_UP;
            case "heartbeat" -> ServerFrame.Type.HEARTBEAT;
            case "resync" -> ServerFrame.Type.RESYNC;
            case "error" -> ServerFrame.Type.ERROR;
            default -> ServerFrame.Type.OTHER;
        };
    }

    /** A frame the driver cannot read; counted, never fatal. */
    public static final class MalformedFrameException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedFrameException(String message) {
            super(message, null, false, false);
        }
    }
}
