package dev.rowan.desktop.grid;

import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** A row's values with every active field of its table present (an empty one as null), as formulas read them. */
public final class CellValues {
    private CellValues() {
    }

    /** Every active field's canonical value by id; a row holds only the fields that have a value. */
    public static Map<UUID, @Nullable Object> of(TableDef t, Row row) {
        Map<UUID, @Nullable Object> out = new HashMap<>();
        for (FieldDef f : t.activeFields()) out.put(f.id(), row.value(f.id()));
        return out;
    }
}
