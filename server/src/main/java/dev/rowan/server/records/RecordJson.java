package dev.rowan.server.records;

import dev.rowan.model.formula.CellErrors;
import dev.rowan.model.formula.FormulaFields;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.value.FieldValues;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A stored row as the API shows it: system properties plus {@code fields} keyed by field name. */
final class RecordJson {
    private RecordJson() {
    }

    /** Reads the row at the cursor (columns as {@link RecordSql#selectList}); canonical values go into {@code raw}. */
    static Map<String, Object> read(ResultSet rs, List<FieldDef> fields, SqlDialect d, Object[] raw) throws SQLException {
        return read(rs, fields, d, raw, false, Map.of());
    }

    /** As {@link #read}, user fields named from {@code names} ({@link MemberNames#load}). */
    static Map<String, Object> read(ResultSet rs, List<FieldDef> fields, SqlDialect d, Object[] raw,
                                    Map<String, String> names) throws SQLException {
        return read(rs, fields, d, raw, false, names);
    }

    /** As {@link #read}, with {@code fields} keyed by field id when {@code byId} (sync: ids survive renames). */
    static Map<String, Object> read(ResultSet rs, List<FieldDef> fields, SqlDialect d, Object[] raw, boolean byId)
            throws SQLException {
        return read(rs, fields, d, raw, byId, Map.of());
    }

    static Map<String, Object> read(ResultSet rs, List<FieldDef> fields, SqlDialect d, Object[] raw, boolean byId,
                                    Map<String, String> names) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getObject(1, UUID.class));
        m.put("createdAt", time(rs.getObject(2, OffsetDateTime.class)));
        m.put("updatedAt", time(rs.getObject(3, OffsetDateTime.class)));
        m.put("createdBy", rs.getObject(4, UUID.class));
        m.put("updatedBy", rs.getObject(5, UUID.class));
        m.put("rowVersion", rs.getLong(6));
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Object> linkTotals = null;
        int i = RecordSql.SYSTEM_COLUMN_COUNT + 1;
        for (int k = 0; k < fields.size(); k++) {
            FieldDef f = fields.get(k);
            Object v = d.read(rs, i++, f.type());
            raw[k] = v;
            String key = byId ? f.id().toString() : f.name();
            Object api = FieldValues.toApi(f.type(), v);
            if (f.type() instanceof dev.rowan.model.schema.FieldType.User) api = MemberNames.named(api, names);
            values.put(key, api);
            long total = dev.rowan.model.link.LinkValues.total(v);
            if (total >= 0) {
                // a page's link cell lists the first linked records; the total says how many there are
                if (linkTotals == null) linkTotals = new LinkedHashMap<>();
                linkTotals.put(key, total);
            }
        }
        // pulls (by id) leave it out: a replica never stores computed values and computes its own marker, and a
        // snapshot of a large table should not evaluate formulas in memory row by row
        if (!byId) errors(fields, raw, m, values);
        m.put("fields", values);
        if (linkTotals != null) m.put("linkTotals", linkTotals);
        return m;
    }

    /**
     * A formula cell that is empty because its formula failed for this record carries the error value instead
     * ({@code {"error": "#DIV/0!", "reason": ...}}, {@link CellErrors}); the rule is shared with the desktop.
     */
    private static void errors(List<FieldDef> fields, Object[] raw, Map<String, Object> m, Map<String, Object> values) {
        Map<UUID, Object> read = null;
        for (int k = 0; k < fields.size(); k++) {
            FieldDef f = fields.get(k);
            if (raw[k] != null || !FormulaFields.isFormula(f)) continue;
            if (read == null) {
                read = new HashMap<>();
                for (int j = 0; j < fields.size(); j++) read.put(fields.get(j).id(), raw[j]);
            }
            var error = CellErrors.of(fields, f, read, (UUID) m.get("id"), parse(m.get("createdAt")),
                    parse(m.get("updatedAt")), Clock.systemUTC());
            if (error.isPresent()) values.put(f.name(), CellErrors.json(error.get()));
        }
    }

    private static OffsetDateTime parse(Object t) {
        return t == null ? null : OffsetDateTime.parse(t.toString());
    }

    /** The JSON of a record just written, from the values written (no read back). */
    static Map<String, Object> of(UUID id, OffsetDateTime at, UUID userId, long version, List<FieldDef> fields,
                                  Map<FieldDef, ?> values) {
        return of(id, at, userId, version, fields, values, Map.of());
    }

    static Map<String, Object> of(UUID id, OffsetDateTime at, UUID userId, long version, List<FieldDef> fields,
                                  Map<FieldDef, ?> values, Map<String, String> names) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("createdAt", time(at));
        m.put("updatedAt", time(at));
        m.put("createdBy", userId);
        m.put("updatedBy", userId);
        m.put("rowVersion", version);
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldDef f : fields) {
            Object api = FieldValues.toApi(f.type(), values.get(f));
            if (f.type() instanceof dev.rowan.model.schema.FieldType.User) api = MemberNames.named(api, names);
            out.put(f.name(), api);
        }
        m.put("fields", out);
        return m;
    }

    static String time(OffsetDateTime t) {
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).toString();
    }
}
