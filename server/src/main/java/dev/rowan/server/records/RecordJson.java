package dev.rowan.server.records;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.value.FieldValues;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
        return read(rs, fields, d, raw, false);
    }

    /** As {@link #read}, with {@code fields} keyed by field id when {@code byId} (sync: ids survive renames). */
    static Map<String, Object> read(ResultSet rs, List<FieldDef> fields, SqlDialect d, Object[] raw, boolean byId)
            throws SQLException {
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
            values.put(key, FieldValues.toApi(f.type(), v));
            long total = dev.rowan.model.link.LinkValues.total(v);
            if (total >= 0) {
                // a page's link cell lists the first linked records; the total says how many there are
                if (linkTotals == null) linkTotals = new LinkedHashMap<>();
                linkTotals.put(key, total);
            }
        }
        m.put("fields", values);
        if (linkTotals != null) m.put("linkTotals", linkTotals);
        return m;
    }

    /** The JSON of a record just written, from the values written (no read back). */
    static Map<String, Object> of(UUID id, OffsetDateTime at, UUID userId, long version, List<FieldDef> fields,
                                  Map<FieldDef, ?> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("createdAt", time(at));
        m.put("updatedAt", time(at));
        m.put("createdBy", userId);
        m.put("updatedBy", userId);
        m.put("rowVersion", version);
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldDef f : fields) out.put(f.name(), FieldValues.toApi(f.type(), values.get(f)));
        m.put("fields", out);
        return m;
    }

    static String time(OffsetDateTime t) {
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).toString();
    }
}
