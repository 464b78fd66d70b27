package dev.rowan.server.records;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Finds a table's active fields by id, exact name or name ignoring case, in O(1): bulk loads call it per value. */
final class FieldLookup {
    private final Map<String, FieldDef> exact = new HashMap<>();
    private final Map<String, FieldDef> folded = new HashMap<>();

    FieldLookup(TableDef table) {
        for (FieldDef f : table.activeFields()) {
            exact.put(f.id().toString(), f);
            folded.put(f.id().toString(), f);
            exact.putIfAbsent(f.name(), f);
            folded.putIfAbsent(f.name().toLowerCase(Locale.ROOT), f);
        }
    }

    /** Same answers as {@link TableDef#field(String)}. */
    Optional<FieldDef> find(String key) {
        FieldDef f = exact.get(key);
        if (f == null) f = folded.get(key.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(f);
    }
}
