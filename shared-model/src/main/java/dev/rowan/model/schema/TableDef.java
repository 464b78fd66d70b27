package dev.rowan.model.schema;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** A user table: its physical name (made from ids) and its fields in display order. */
public record TableDef(UUID id, UUID appId, String name, String schemaName, String physicalName,
                       List<FieldDef> fields) {

    public TableDef {
        fields = List.copyOf(fields);
    }

    /** Visible fields only (hidden = removed but still restorable). */
    public List<FieldDef> activeFields() {
        return fields.stream().filter(f -> !f.hidden()).toList();
    }

    /** Finds an active field by id (as text) or by name, names compared ignoring case. */
    public Optional<FieldDef> field(String idOrName) {
        for (FieldDef f : fields) {
            if (!f.hidden() && f.id().toString().equalsIgnoreCase(idOrName)) return Optional.of(f);
        }
        for (FieldDef f : fields) {
            if (!f.hidden() && f.name().equals(idOrName)) return Optional.of(f);
        }
        String lower = idOrName.toLowerCase(Locale.ROOT);
        for (FieldDef f : fields) {
            if (!f.hidden() && f.name().toLowerCase(Locale.ROOT).equals(lower)) return Optional.of(f);
        }
        return Optional.empty();
    }

    public Optional<FieldDef> fieldById(UUID fieldId) {
        return fields.stream().filter(f -> f.id().equals(fieldId)).findFirst();
    }

    public String qualifiedName() {
        return schemaName.isEmpty() ? physicalName : schemaName + "." + physicalName;
    }
}
