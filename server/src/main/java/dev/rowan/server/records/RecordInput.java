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
        List<FieldError> errors = new ArrayList<>();
        for (Object k : body.keySet()) {
            if (!"fields".equals(k) && !"id".equals(k)) {
                errors.add(new FieldError(path + k, "Unknown property '" + k + "'; put values inside \"fields\""));
            }
        }
        UUID id = null;
        Object rawId = body.get("id");
        if (rawId != null) {
            if (rawId instanceof String s && s.length() == 36) {
                try {
                    id = UUID.fromString(s);
                } catch (IllegalArgumentException e) {
                    // reported below
                }
            }
            if (id == null) errors.add(new FieldError(path + "id", "id must be a UUID"));
        }
        Object rawFields = body.get("fields");
        Map<String, @Nullable Object> fields = Map.of();
        if (rawFields instanceof Map<?, ?> m) {
            fields = (Map<String, @Nullable Object>) m;
        } else if (rawFields != null || mode != Mode.CREATE) {
            errors.add(new FieldError(path + "fields", "fields must be an object of field name (or id) to value"));
        }
        // FieldDefs of one table definition are distinct objects; records would hash their whole config per lookup
        Map<FieldDef, @Nullable Object> values = new java.util.IdentityHashMap<>(lookup.active().size() + 1);
        Map<FieldDef, LinkEdit> links = Map.of();
        for (Map.Entry<String, @Nullable Object> e : fields.entrySet()) {
            // the error path of the value ("<path>fields.<key>") is made only for an error: it was a string per value
            // of every row of a bulk load; the value rules are given the key alone and their errors re-pathed
            String given = e.getKey();
            FieldDef f = lookup.find(given).orElse(null);
            if (f == null) {
                errors.add(new FieldError(path + "fields." + given, "Unknown field '" + shorten(given)
                        + "' in table " + table.name()));
                continue;
            }
            if (values.containsKey(f) || links.containsKey(f)) {
                errors.add(new FieldError(path + "fields." + given, "Field " + f.name()
                        + " is given twice (by name and by id)"));
                continue;
            }
            try {
                // links are written to their junction, not to a column
                if (f.type() instanceof dev.rowan.model.schema.FieldType.Link) {
                    if (links.isEmpty()) links = new java.util.LinkedHashMap<>();
                    links.put(f, LinkEdit.parse(e.getValue(), path + "fields." + given));
                    continue;
                }
                values.put(f, FieldValues.coerce(f, e.getValue(), given));
            } catch (RowanException ex) {
                errors.addAll(repath(ex, given, path + "fields." + given));
            }
        }
        if (mode != Mode.PATCH) {
            for (FieldDef f : lookup.active()) {
                // computed fields have no column; an autonumber's column keeps (or, new, takes) the server's number
                if (values.containsKey(f) || dev.rowan.model.sql.Ddl.computed(f)
                        || dev.rowan.model.kind.FieldKinds.of(f.type()).assignedByServer()) continue;
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
