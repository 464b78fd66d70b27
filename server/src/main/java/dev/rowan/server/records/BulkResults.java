package dev.rowan.server.records;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.rowan.model.error.FieldError;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Per-row results of a bulk insert, kept compact (100,000 rows would otherwise be 100,000 maps) and written
 * straight to the response in request order: {@code {"created", "failed", "results": [{index, id, status} |
 * {index, status: "failed", errors}]}}.
 */
final class BulkResults {
    private int[] createdIndex = new int[1024];
    private UUID[] createdId = new UUID[1024];
    private int size;
    private final TreeMap<Integer, List<FieldError>> failures = new TreeMap<>();

    void created(int index, UUID id) {
        if (size == createdIndex.length) {
            createdIndex = Arrays.copyOf(createdIndex, size * 2);
            createdId = Arrays.copyOf(createdId, size * 2);
        }
        createdIndex[size] = index;
        createdId[size] = id;
        size++;
    }

    void failed(int index, List<FieldError> errors) {
        failures.put(index, errors);
    }

    int createdCount() {
        return size;
    }


    /** Errors of the rows that failed, by index, in index order. */
    java.util.SortedMap<Integer, List<FieldError>> failures() {
        return java.util.Collections.unmodifiableSortedMap(failures);
    }

    /** Created rows arrive in request order (chunks are loaded in order), failures are merged in by index. */
    void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("created", size);
        g.writeNumberField("failed", failures.size());
        g.writeArrayFieldStart("results");
        var fails = failures.entrySet().iterator();
        var nextFail = fails.hasNext() ? fails.next() : null;
        for (int i = 0; i < size; i++) {
            while (nextFail != null && nextFail.getKey() < createdIndex[i]) {
                writeFailure(g, nextFail.getKey(), nextFail.getValue());
                nextFail = fails.hasNext() ? fails.next() : null;
            }
            g.writeStartObject();
            g.writeNumberField("index", createdIndex[i]);
            g.writeStringField("id", createdId[i].toString());
            g.writeStringField("status", "created");
            g.writeEndObject();
        }
        while (nextFail != null) {
            writeFailure(g, nextFail.getKey(), nextFail.getValue());
            nextFail = fails.hasNext() ? fails.next() : null;
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeFailure(JsonGenerator g, int index, List<FieldError> errors) throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", index);
        g.writeStringField("status", "failed");
        g.writeArrayFieldStart("errors");
        for (FieldError e : errors) {
            g.writeStartObject();
            g.writeStringField("field", e.field());
            g.writeStringField("message", e.message());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
