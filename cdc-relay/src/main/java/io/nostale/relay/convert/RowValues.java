package io.nostale.relay.convert;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.jspecify.annotations.Nullable;

/**
 * A row (Debezium's {@code before}/{@code after} struct) as column → value, in column order. Values are what the
 * connector produced: {@code bigint} a Long, {@code int} an Integer, {@code text} a String, {@code timestamptz} an
 * ISO-8601 String (Debezium's {@code ZonedTimestamp}, UTC, e.g. {@code 2025-11-25T19:40:00.123456Z}); SQL NULL
 * stays null. Bytes become base64 text so that the JSON stays text.
 */
final class RowValues {

    private RowValues() {
    }

    static Map<String, @Nullable Object> of(@Nullable Struct row) {
        if (row == null) {
            return Map.of();
        }
        Map<String, @Nullable Object> columns = new LinkedHashMap<>();
        for (Field field : row.schema().fields()) {
            columns.put(field.name(), value(row.get(field)));
        }
        return Collections.unmodifiableMap(columns);
    }

    private static @Nullable Object value(@Nullable Object value) {
        if (value instanceof Struct struct) {
            return of(struct);
        }
        if (value instanceof ByteBuffer buffer) {
            return Base64.getEncoder().encodeToString(toArray(buffer));
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof List<?> list) {
            List<@Nullable Object> values = new ArrayList<>(list.size());
            list.forEach(element -> values.add(value(element)));
            return Collections.unmodifiableList(values);
        }
        return value;
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
