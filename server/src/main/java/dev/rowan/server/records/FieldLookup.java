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
    private final List<FieldDef> stored;

    FieldLookup(TableDef table) {
        // TableDef.activeFields() filters a stream per call: a bulk load asks once per record
        active = table.activeFields();
        stored = active.stream().filter(f -> !dev.rowan.model.sql.Ddl.computed(f)
                && !dev.rowan.model.kind.FieldKinds.of(f.type()).assignedByServer()).toList();
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

    /**
     * The active fields a client's record fills (defaults, required): not computed ones (no column) nor those the
     * server assigns (autonumber). Worked out once per table, not per record.
     */
    List<FieldDef> stored() {
        return stored;
    }

    /** Same answers as {@link TableDef#field(String)}. */
    Optional<FieldDef> find(String key) {
        FieldDef f = exact.get(key);
        if (f == null) f = folded.get(key.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(f);
    }
}
