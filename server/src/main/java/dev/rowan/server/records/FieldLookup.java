package dev.rowan.server.records;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Finds a table's active fields by id, exact name or name ignoring case, in O(1): bulk loads call it per value. */
final class FieldLookup {
    private final Map<String, FieldDef> exact = new HashMap<>();
    private final Map<String, FieldDef> folded = new HashMap<>();
    private final List<FieldDef> active;

    FieldLookup(TableDef table) {
        // TableDef.activeFields() filters a stream per call: a bulk load asks once per record
        active = table.activeFields();
        for (FieldDef f : active) {
            exact.put(f.id().toString(), f);
            folded.put(f.id().toString(), f);
            exact.putIfAbsent(f.name(), f);
            folded.putIfAbsent(f.name().toLowerCase(Locale.ROOT), f);
        }
    }

    /** The table's active fields, as {@link TableDef#activeFields()}. */
    List<FieldDef> active() {
        return active;
    }

    /** Same answers as {@link TableDef#field(String)}. */
    Optional<FieldDef> find(String key) {
        FieldDef f = exact.get(key);
        if (f == null) f = folded.get(key.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(f);
    }
}
