package dev.rowan.server.records;

import dev.rowan.model.Ids;
import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.link.LinkEdit;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A record as sent by a client, checked against the table: {@code {"id"?, "fields": {"<name or id>": value}}}.
 * Values are converted to canonical form with the shared rules; every problem is collected, not just the first.
 */
record RecordInput(UUID id, boolean idGiven, Map<FieldDef, @Nullable Object> values,
                   Map<FieldDef, LinkEdit> links) {

    enum Mode { CREATE, PATCH, REPLACE }

    static RecordInput parse(TableDef table, @Nullable Object raw, Mode mode, String path) {
        return parse(table, new FieldLookup(table), raw, mode, path);
    }

    @SuppressWarnings("unchecked")
    static RecordInput parse(TableDef table, FieldLookup lookup, @Nullable Object raw, Mode mode, String path) {
        if (!(raw instanceof Map<?, ?> body)) {
            throw RowanException.invalid(path, "A record is an object {\"fields\": {...}}");
        }
        Draft draft = new Draft(table, lookup, path);
        for (Object k : body.keySet()) {
            if (!"fields".equals(k) && !"id".equals(k)) {
                draft.errors.add(new FieldError(path + k, "Unknown property '" + k + "'; put values inside \"fields\""));
            }
        }
        draft.id(body.get("id"));
        Object rawFields = body.get("fields");
        if (rawFields instanceof Map<?, ?> m) {
            for (Map.Entry<String, @Nullable Object> e : ((Map<String, @Nullable Object>) m).entrySet()) {
                draft.field(e.getKey(), e.getValue());
            }
        } else if (rawFields != null || mode != Mode.CREATE) {
            draft.errors.add(new FieldError(path + "fields", "fields must be an object of field name (or id) to value"));
        }
        return draft.finish(mode);
    }

    /**
     * A record being checked, one part at a time: the map path ({@link #parse}) and the bulk body's streaming reader
     * ({@link BulkRecordReader}) both feed it, so the rules for ids, field names and values exist once. Every
     * problem is collected; {@link #finish} throws them all.
     */
    static final class Draft {
        private final TableDef table;
        private final FieldLookup lookup;
        private final String path;
        final List<FieldError> errors = new ArrayList<>(0);
        // FieldDefs of one table definition are distinct objects; records would hash their whole config per lookup
        private final Map<FieldDef, @Nullable Object> values;
        private Map<FieldDef, LinkEdit> links = Map.of();
        private @Nullable UUID id;

        Draft(TableDef table, FieldLookup lookup, String path) {
            this.table = table;
            this.lookup = lookup;
            this.path = path;
            // sized for the fields a record can fill (not computed ones): half the table a size of all fields took,
            // and thousands of records wait in a bulk load's chunk
            this.values = new java.util.IdentityHashMap<>(Math.max(1, lookup.stored().size()));
        }

        /** The record's {@code "id"} as given (null when absent or JSON null). */
        void id(@Nullable Object rawId) {
            if (rawId == null) return;
            if (rawId instanceof String s && s.length() == 36) {
                try {
                    id = UUID.fromString(s);
                } catch (IllegalArgumentException e) {
                    // reported below
                }
            }
            if (id == null) errors.add(new FieldError(path + "id", "id must be a UUID"));
        }

        /** One entry of {@code "fields"}: the key as given (name or id) and its JSON value. */
        void field(String given, @Nullable Object value) {
            // the error path of the value ("<path>fields.<key>") is made only for an error: it was a string per value
            // of every row of a bulk load; the value rules are given the key alone and their errors re-pathed
            FieldDef f = lookup.find(given).orElse(null);
            if (f == null) {
                errors.add(new FieldError(path + "fields." + given, "Unknown field '" + shorten(given)
                        + "' in table " + table.name()));
                return;
            }
            if (values.containsKey(f) || links.containsKey(f)) {
                errors.add(new FieldError(path + "fields." + given, "Field " + f.name()
                        + " is given twice (by name and by id)"));
                return;
            }
            try {
                // links are written to their junction, not to a column
                if (f.type() instanceof dev.rowan.model.schema.FieldType.Link) {
                    if (links.isEmpty()) links = new java.util.LinkedHashMap<>();
                    links.put(f, LinkEdit.parse(value, path + "fields." + given));
                    return;
                }
                values.put(f, FieldValues.coerce(f, value, given));
            } catch (RowanException ex) {
                errors.addAll(repath(ex, given, path + "fields." + given));
            }
        }

        /** Defaults and required fields (unless patching); the record, or every problem found. */
        RecordInput finish(Mode mode) {
            if (mode != Mode.PATCH) {
                // computed fields have no column; an autonumber's column keeps (or, new, takes) the server's number
                for (FieldDef f : lookup.stored()) {
                    if (values.containsKey(f)) continue;
                    Object dflt = mode == Mode.CREATE ? f.defaultValue() : null;
                    if (dflt == null && f.required()) {
                        errors.add(new FieldError(path + "fields." + f.name(), f.name() + " is required"));
                    }
                    values.put(f, dflt);
                }
            }
            if (!errors.isEmpty()) {
                throw RowanException.invalid(errors.size() == 1 ? errors.getFirst().message()
                        : errors.size() + " problems with the record", errors);
            }
            return new RecordInput(id == null ? Ids.newId() : id, id != null, values, links);
        }
    }

    /** The errors of a value checked under {@code given}, with {@code given} replaced by the full {@code key}. */
    private static List<FieldError> repath(RowanException ex, String given, String key) {
        if (ex.errors().isEmpty()) return List.of(new FieldError(key, ex.getMessage()));
        List<FieldError> out = new ArrayList<>(ex.errors().size());
        for (FieldError fe : ex.errors()) {
            out.add(fe.field().startsWith(given) ? new FieldError(key + fe.field().substring(given.length()),
                    fe.message()) : fe);
        }
        return out;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
