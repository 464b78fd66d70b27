package dev.rowan.server.tables;

import dev.rowan.model.error.Conflict;
import dev.rowan.model.error.FieldError;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.value.FieldValues;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds a field's indexes. A unique index over values that already repeat fails in PostgreSQL with its own text
 * ("Key (f_…)=(…) is duplicated", physical names and all); here it becomes an answer in the user's terms: which
 * field, which values, which records clash.
 */
final class FieldIndexes {
    private static final SqlDialect PG = SqlDialect.POSTGRES;
    private static final int EXAMPLES = 5;

    private FieldIndexes() {
    }

    static void create(Connection c, Ddl ddl, TableDef t, FieldDef f) throws SQLException {
        List<String> statements = ddl.indexes(t, f);
        if (statements.isEmpty()) return;
        Savepoint sp = c.setSavepoint();
        try (Statement s = c.createStatement()) {
            for (String sql : statements) s.execute(sql);
            c.releaseSavepoint(sp);
        } catch (SQLException e) {
            c.rollback(sp);
            if (!"23505".equals(e.getSQLState())) throw e;
            throw duplicates(c, t, f);
        }
    }

    private static Conflict duplicates(Connection c, TableDef t, FieldDef f) throws SQLException {
        String col = PG.quote(f.columnName());
        List<Map<String, Object>> examples = new ArrayList<>();
        long values = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + col + ", array_agg(id ORDER BY id), count(*) OVER () "
                + "FROM " + new RecordSql(PG).from(t) + " WHERE " + col + " IS NOT NULL GROUP BY " + col
                + " HAVING count(*) > 1 ORDER BY min(created_at) LIMIT " + EXAMPLES)) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object value = PG.read(rs, 1, f.type());
                    List<String> ids = new ArrayList<>();
                    for (Object id : (Object[]) rs.getArray(2).getArray()) ids.add(((UUID) id).toString());
                    values = rs.getLong(3);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("value", FieldValues.formatText(f.type(), value));
                    m.put("recordIds", ids.size() > 10 ? ids.subList(0, 10) : ids);
                    m.put("records", ids.size());
                    examples.add(m);
                }
            }
        }
        String first = examples.isEmpty() ? "" : "; e.g. '" + shorten((String) examples.getFirst().get("value"))
                + "' is in " + examples.getFirst().get("records") + " records";
        return new Conflict(Conflict.Reason.DUPLICATE_VALUES, f.name() + " cannot be unique: " + values
                + (values == 1 ? " value is" : " values are") + " used by more than one record" + first
                + ". Make those values different first; nothing was changed",
                List.of(new FieldError("unique", "values repeat")), Map.of("duplicates", examples));
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
