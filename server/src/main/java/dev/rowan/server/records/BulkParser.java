package dev.rowan.server.records;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.TableDef;
import dev.rowan.server.http.BodySpool;
import dev.rowan.server.http.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Parses a spooled bulk body ({@code {"records": [...]}} or a bare array) on a virtual thread of its own, one
 * {@link Item} per element in body order, so the request thread loads rows while the next ones are parsed: the
 * parsing (the JSON, the text check and the shared value rules, about two thirds of the bulk path's CPU) used
 * to wait each time PostgreSQL wrote a chunk's change-log rows and finished its COPY. Each element is read by
 * {@link BulkRecordReader}, token by token into the record's checked values. At most {@link #AHEAD} parsed
 * rows wait in memory. A parse failure (malformed JSON, too many rows, trailing content) reaches the request thread
 * as the item that ends the stream, so it rolls back the whole load as before.
 */
final class BulkParser implements AutoCloseable {
    static final int AHEAD = 2_000;
    /**
     * Items are handed over in batches: one queue operation (a lock, often a wake-up of the other thread) per row
     * showed in the profile of both threads.
     */
    static final int BATCH = 125;

    /** What the parser hands over, in body order. */
    sealed interface Item {
    }

    /** A valid row. */
    record Row(int index, RecordInput input) implements Item {
    }

    /** A row refused by the value rules (it gets its errors in the results; the load goes on). */
    record Refused(int index, List<FieldError> errors) implements Item {
    }

    /** The body ended well. */
    record End() implements Item {
    }

    /** The body is unusable: the whole load fails with this. */
    record Failed(RuntimeException error) implements Item {
    }

    private final BlockingQueue<List<Item>> queue = new ArrayBlockingQueue<>(AHEAD / BATCH);
    /** The request thread's current batch and its place in it. */
    private List<Item> taken = List.of();
    private int at;
    /** The parser thread's batch being filled. */
    private List<Item> filling = new ArrayList<>(BATCH);
    private final Thread thread;
    private volatile boolean stopped;

    /** Where the body's bytes come from (a spooled request body). */
    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;
    }

    /** How one element of the records list is read (the parser is on its first token; it ends on its last). */
    @FunctionalInterface
    interface Element {
        Item read(BulkRecordReader reader, JsonParser jp, int index) throws IOException;
    }

    /** Each element straight from the tokens ({@link BulkRecordReader#read}). */
    static final Element STREAMING = BulkRecordReader::read;
    /** Each element as a Jackson tree, then the map path: what {@link #STREAMING} must answer the same as. */
    static final Element TREE = (reader, jp, index) -> reader.fromTree(Json.ELEMENT_READER.readValue(jp), index);

    BulkParser(BodySpool body, TableDef table, FieldLookup lookup, int maxRows) {
        this(body::open, table, lookup, maxRows, STREAMING);
    }

    BulkParser(Source body, TableDef table, FieldLookup lookup, int maxRows, Element element) {
        thread = Thread.ofVirtual().name("rowan-bulk-parse").start(() -> run(body, table, lookup, maxRows, element));
    }

    /** The next item; blocks until the parser has it. */
    Item next() throws InterruptedException {
        if (at < taken.size()) return taken.get(at++);
        while (true) {
            List<Item> batch = queue.poll(1, TimeUnit.SECONDS);
            if (batch != null) {
                taken = batch;
                at = 1;
                return batch.getFirst();
            }
            // a parser that died of an Error (out of memory) hands over nothing more: fail instead of waiting forever
            if (!thread.isAlive() && queue.isEmpty()) {
                return new Failed(new IllegalStateException("The bulk parser stopped without an answer"));
            }
        }
    }

    private void run(Source body, TableDef table, FieldLookup lookup, int maxRows, Element element) {
        Item last;
        try (InputStream in = body.open(); JsonParser jp = Json.MAPPER.createParser(in)) {
            boolean wrapped = openArray(jp);
            BulkRecordReader reader = new BulkRecordReader(table, lookup);
            int index = 0;
            JsonToken tok;
            while ((tok = jp.nextToken()) != JsonToken.END_ARRAY) {
                if (stopped) return;
                if (tok == null) throw RowanException.badRequest("The body ends before the records list is closed");
                if (index >= maxRows) throw RowanException.tooLarge("At most " + maxRows + " records per request");
                Item item = element.read(reader, jp, index);
                if (!add(item)) return;
                index++;
            }
            closeBody(jp, wrapped);
            last = new End();
        } catch (JsonProcessingException e) {
            last = new Failed(Json.invalid(e));
        } catch (IOException e) {
            last = new Failed(RowanException.badRequest("The body could not be read"));
        } catch (RuntimeException e) {
            last = new Failed(e);
        }
        filling.add(last);
        put(filling);
    }

    /** Adds to the batch being filled; hands it over when full. False when the request thread stopped reading. */
    private boolean add(Item item) {
        filling.add(item);
        if (filling.size() < BATCH) return true;
        List<Item> full = filling;
        filling = new ArrayList<>(BATCH);
        return put(full);
    }

    /** Waits for room; false when the request thread has stopped reading (it failed or finished). */
    private boolean put(List<Item> batch) {
        try {
            while (!stopped) {
                if (queue.offer(batch, 100, TimeUnit.MILLISECONDS)) return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Positions the parser inside the records list; true if it is wrapped in {"records": [...]}. */
    private static boolean openArray(JsonParser jp) throws IOException {
        JsonToken first = jp.nextToken();
        if (first == JsonToken.START_ARRAY) return false;
        if (first == JsonToken.START_OBJECT && jp.nextToken() == JsonToken.FIELD_NAME
                && "records".equals(jp.currentName()) && jp.nextToken() == JsonToken.START_ARRAY) {
            return true;
        }
        throw RowanException.badRequest("Send {\"records\": [{\"fields\": {...}}, ...]}");
    }

    /** After the list: only the closing brace of the wrapper, then nothing. */
    private static void closeBody(JsonParser jp, boolean wrapped) throws IOException {
        if (wrapped && jp.nextToken() != JsonToken.END_OBJECT) {
            throw RowanException.badRequest("Unexpected content after the records list; send only {\"records\": [...]}");
        }
        if (jp.nextToken() != null) {
            throw RowanException.badRequest("Unexpected content after the records list");
        }
    }

    /** Stops the parser and waits for it, so the spooled body can be deleted. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
