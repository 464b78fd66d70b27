package dev.rowan.server.records;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.TextRules;
import dev.rowan.model.schema.TableDef;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Untrusted;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one element of a bulk body straight from the token stream into a {@link RecordInput.Draft}: no map per
 * record or per {@code fields}, no second walk over the tree for the text check (each string and key is checked as
 * it is read). The profile of a 100,000-row load had the map building (Jackson's untyped deserializer), the tree
 * walk of {@link Untrusted#clean} and the map iteration of {@link RecordInput#parse} at about half of the parser
 * thread, which is what bounds the load.
 *
 * <p>Only the usual shape takes this path: an object with {@code "id"} and/or {@code "fields"} (an object), every
 * string valid text. Anything else (another property, {@code fields} not an object, a bad string, a record that is
 * not an object) is rebuilt as the tree Jackson would have made and goes through exactly the map path
 * ({@link #fromTree}), so its answers cannot differ. Values themselves are the same Java objects the untyped
 * deserializer makes (String, Integer/Long/BigInteger, BigDecimal for fractions, Boolean, ArrayList,
 * LinkedHashMap), and they go through the same value rules ({@link RecordInput.Draft#field}). One reader per
 * parser thread: its lists are reused from record to record.
 */
final class BulkRecordReader {
    /** Marks where {@code fields} stood among the properties, for {@link #tree}. */
    private static final Object FIELDS = new Object();

    private final TableDef table;
    private final FieldLookup lookup;
    /** The record's properties in body order; for {@code fields} (an object) its entries are in keys/values. */
    private final List<String> props = new ArrayList<>(2);
    private final List<@Nullable Object> propValues = new ArrayList<>(2);
    private final List<String> keys = new ArrayList<>();
    private final List<@Nullable Object> values = new ArrayList<>();
    /** A string or key that is not valid text was read. */
    private boolean dirty;

    BulkRecordReader(TableDef table, FieldLookup lookup) {
        this.table = table;
        this.lookup = lookup;
    }

    /** The element the parser is on (its first token is current), read to its last token. */
    BulkParser.Item read(JsonParser jp, int index) throws IOException {
        if (jp.currentToken() != JsonToken.START_OBJECT) return fromTree(Json.ELEMENT_READER.readValue(jp), index);
        props.clear();
        propValues.clear();
        keys.clear();
        values.clear();
        dirty = false;
        boolean usual = true;
        String name;
        while ((name = jp.nextFieldName()) != null) {
            JsonToken t = jp.nextToken();
            if ("fields".equals(name) && t == JsonToken.START_OBJECT) {
                readFields(jp);
                props.add(name);
                propValues.add(FIELDS);
                continue;
            }
            if (!"id".equals(name)) {
                usual = false;
                if (!TextRules.ok(name)) dirty = true;
            }
            props.add(name);
            propValues.add(value(jp, t));
        }
        if (!usual || dirty) return fromTree(tree(), index);
        RecordInput.Draft draft = new RecordInput.Draft(table, lookup, "");
        try {
            int at = props.indexOf("id");
            if (at >= 0) draft.id(propValues.get(at));
            // keys and values hold the entries of "fields" (none when it was not given)
            for (int i = 0; i < keys.size(); i++) draft.field(keys.get(i), values.get(i));
            return new BulkParser.Row(index, draft.finish(RecordInput.Mode.CREATE));
        } catch (RowanException e) {
            return new BulkParser.Refused(index, at(index, e));
        }
    }

    private void readFields(JsonParser jp) throws IOException {
        String key;
        while ((key = jp.nextFieldName()) != null) {
            if (!TextRules.ok(key)) dirty = true;
            keys.add(key);
            values.add(value(jp, jp.nextToken()));
        }
    }

    /** One JSON value as the untyped deserializer makes it; the parser ends on its last token. */
    private @Nullable Object value(JsonParser jp, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_STRING -> {
                String s = jp.getText();
                if (!TextRules.ok(s)) dirty = true;
                return s;
            }
            case VALUE_NUMBER_INT -> {
                return jp.getNumberValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                // Json.MAPPER reads fractions as BigDecimal (USE_BIG_DECIMAL_FOR_FLOATS)
                return jp.getDecimalValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            case START_ARRAY -> {
                // the usual array (option labels, link ids) holds scalars: read here, without a reader per value
                List<@Nullable Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = jp.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) throw RowanException.badRequest("The body ends inside a value");
                    list.add(value(jp, e));
                }
                return list;
            }
            default -> {
                // an object (attachment references, JSON values): Jackson's own tree, then the text check
                Object v = Json.ELEMENT_READER.readValue(jp);
                if (!Untrusted.clean(v)) dirty = true;
                return v;
            }
        }
    }

    /** The record as Jackson's untyped deserializer would have made it, properties and entries in body order. */
    private Map<String, @Nullable Object> tree() {
        Map<String, @Nullable Object> record = new LinkedHashMap<>();
        for (int i = 0; i < props.size(); i++) {
            Object v = propValues.get(i);
            if (v == FIELDS) {
                Map<String, @Nullable Object> fields = new LinkedHashMap<>();
                for (int k = 0; k < keys.size(); k++) fields.put(keys.get(k), values.get(k));
                v = fields;
            }
            record.put(props.get(i), v);
        }
        return record;
    }

    /**
     * The map path: the text check over the whole element (its errors under {@code records[i]}), then
     * {@link RecordInput#parse}. Every shape the streaming read does not take comes here.
     */
    BulkParser.Item fromTree(@Nullable Object raw, int index) {
        // a row's paths ("records[i]...") are made only when it has an error
        if (!Untrusted.clean(raw)) {
            try {
                Untrusted.check(raw, "records[" + index + "]");
            } catch (RowanException e) {
                return new BulkParser.Refused(index, e.errors().isEmpty()
                        ? List.of(new FieldError("records[" + index + "]", e.getMessage())) : e.errors());
            }
        }
        try {
            return new BulkParser.Row(index, RecordInput.parse(table, lookup, raw, RecordInput.Mode.CREATE, ""));
        } catch (RowanException e) {
            return new BulkParser.Refused(index, at(index, e));
        }
    }

    /** A row's errors under its place in the body: {@code records[i].} before each path the row's check gave. */
    private static List<FieldError> at(int index, RowanException e) {
        if (e.errors().isEmpty()) return List.of(new FieldError("records[" + index + "]", e.getMessage()));
        String prefix = "records[" + index + "].";
        return e.errors().stream().map(fe -> new FieldError(prefix + fe.field(), fe.message())).toList();
    }
}
