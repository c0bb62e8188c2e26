package io.nostale.load.measure;

import io.nostale.load.workload.Markers;
import io.nostale.load.workload.RequestMarkers;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/** Names the driver's change in a record of the change topic (docs/protocol.md): by its row's marker. */
final class ChangeRecords {

    private final RequestMarkers markers;
    private final JsonFactory json = new JsonFactory();

    ChangeRecords(RequestMarkers markers) {
        this.markers = markers;
    }

    /** The driver's change id of a ChangeEvent record (docs/protocol.md, the change topic), or -1. */
    int changeId(byte[] value) {
        if (value == null) {
            return -1;
        }
        String table = null;
        int marker = -1;
        long id = -1;
        long version = -1;
        try (JsonParser p = json.createParser(ObjectReadContext.empty(), value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                if ("table".equals(name) && token == JsonToken.VALUE_STRING) {
                    table = p.getString();
                } else if ("after".equals(name) && token == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String field = p.currentName();
                        JsonToken v = p.nextToken();
                        if (("title".equals(field) || "body".equals(field)) && v == JsonToken.VALUE_STRING) {
                            marker = Markers.parse(p.getString());
                        } else if ("id".equals(field) && v == JsonToken.VALUE_NUMBER_INT) {
                            id = p.getLongValue();
                        } else if ("version".equals(field) && v == JsonToken.VALUE_NUMBER_INT) {
                            version = p.getLongValue();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (JacksonException e) {
            return -1; // the stream-start record and the like
        }
        if ("chat_room_join_request".equals(table)) {
            return markers.changeId(id, version);
        }
        return "chat_room".equals(table) || "chat_message".equals(table) ? marker : -1;
    }
}
