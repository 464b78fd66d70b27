package dev.rowan.desktop.workspace;

import org.jspecify.annotations.Nullable;

import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** One record: system columns plus canonical values keyed by field id (absent or null = empty). */
public record Row(UUID id, OffsetDateTime createdAt, OffsetDateTime updatedAt, long rowVersion,
                  Map<UUID, @Nullable Object> values) {

    public Row {
        values = Collections.unmodifiableMap(new HashMap<>(values));
    }

    public @Nullable Object value(UUID fieldId) {
        return values.get(fieldId);
    }

    public Row with(UUID fieldId, @Nullable Object v) {
        Map<UUID, @Nullable Object> m = new HashMap<>(values);
        m.put(fieldId, v);
        return new Row(id, createdAt, updatedAt, rowVersion, m);
    }
}
