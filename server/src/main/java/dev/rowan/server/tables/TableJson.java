package dev.rowan.server.tables;

import dev.rowan.model.formula.FormulaFields;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FieldValues;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API shape of tables and fields: ids and names in the user's terms, never the physical schema, table or
 * column names (those are the server's business and would only help someone probing the database).
 */
public final class TableJson {
    private TableJson() {
    }

    /**
     * A field of a table with what depends on the table: a formula's text with the fields' current names
     * ({@code formulaText}; {@code config.formula} keeps the ids) and, when it no longer works, {@code broken}
     * with the reason.
     */
    static Map<String, Object> withState(TableDef def, FieldDef f) {
        Map<String, Object> m = field(f);
        String stored = f.type() instanceof dev.rowan.model.schema.FieldType.Formula ft ? ft.formula()
                : f.type() instanceof dev.rowan.model.schema.FieldType.Button b ? b.formula() : null;
        if (stored != null) {
            try {
                m.put("formulaText", dev.rowan.model.formula.Formula.fromStored(stored,
                        dev.rowan.model.formula.FieldResolver.of(def.activeFields())).source());
            } catch (RuntimeException e) {
                m.put("formulaText", null);
            }
            FormulaFields.brokenReason(def.fields(), f).ifPresent(r -> m.put("broken", r));
        }
        // a link, lookup or rollup whose table is gone or hidden from the reader reads empty and says why
        dev.rowan.model.link.LinkFields.unavailableReason(def, f).ifPresent(r -> m.put("unavailable", r));
        return m;
    }

    public static Map<String, Object> field(FieldDef f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("name", f.name());
        m.put("type", f.type().kind());
        m.put("required", f.required());
        m.put("unique", f.unique());
        m.put("indexed", f.indexed());
        m.put("defaultValue", FieldValues.toApi(f.type(), f.defaultValue()));
        m.put("validation", f.validation().toMap());
        m.put("description", f.description());
        m.put("config", f.type().config());
        m.put("position", f.position());
        if (f.hidden()) m.put("removed", true);
        return m;
    }

    public static Map<String, Object> table(TableRepository.TableMeta meta, TableDef def, boolean includeRemoved,
                                            List<Map<String, Object>> views) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", def.id());
        m.put("appId", def.appId());
        m.put("folderId", meta.folderId());
        m.put("name", def.name());
        m.put("description", meta.description());
        m.put("position", meta.position());
        m.put("version", meta.version());
        m.put("createdAt", meta.createdAt());
        m.put("updatedAt", meta.updatedAt());
        m.put("fields", def.activeFields().stream().map(f -> withState(def, f)).toList());
        if (includeRemoved) {
            m.put("removedFields", def.fields().stream().filter(FieldDef::hidden).map(TableJson::field).toList());
        }
        m.put("views", views);
        return m;
    }

    public static Map<String, Object> summary(TableRepository.TableMeta meta) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", meta.id());
        m.put("appId", meta.appId());
        m.put("folderId", meta.folderId());
        m.put("name", meta.name());
        m.put("description", meta.description());
        m.put("position", meta.position());
        m.put("version", meta.version());
        return m;
    }
}
