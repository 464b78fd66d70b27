package dev.rowan.model.schema;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A user table: its physical name (made from ids) and its fields in display order. {@code linked} holds the
 * definitions of the tables its link fields point at, as far as the reader may see them (attached by whoever loads
 * the table: a table missing there is deleted or hidden, and its links, lookups and rollups read as unavailable).
 * Linked definitions carry no linked tables of their own.
 */
public record TableDef(UUID id, UUID appId, String name, String schemaName, String physicalName,
                       List<FieldDef> fields, Map<UUID, TableDef> linked) {

    public TableDef {
        fields = List.copyOf(fields);
        linked = Map.copyOf(linked);
    }

    public TableDef(UUID id, UUID appId, String name, String schemaName, String physicalName, List<FieldDef> fields) {
        this(id, appId, name, schemaName, physicalName, fields, Map.of());
    }

    /** This table with the definitions of the tables its links reach (each without linked tables of its own). */
    public TableDef withLinked(Map<UUID, TableDef> tables) {
        Map<UUID, TableDef> plain = new java.util.HashMap<>();
        for (Map.Entry<UUID, TableDef> e : tables.entrySet()) plain.put(e.getKey(), e.getValue().withoutLinked());
        return new TableDef(id, appId, name, schemaName, physicalName, fields, plain);
    }

    public TableDef withoutLinked() {
        return linked.isEmpty() ? this : new TableDef(id, appId, name, schemaName, physicalName, fields, Map.of());
    }

    /** The ids of the tables this table's active link fields point at. */
    public java.util.Set<UUID> linkTargets() {
        java.util.Set<UUID> out = new java.util.LinkedHashSet<>();
        for (FieldDef f : activeFields()) if (f.type() instanceof FieldType.Link l) out.add(l.targetTable());
        return out;
    }

    /** A linked table's definition, or empty when it is deleted or hidden from the reader. */
    public Optional<TableDef> linkedTable(UUID tableId) {
        return Optional.ofNullable(linked.get(tableId));
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
