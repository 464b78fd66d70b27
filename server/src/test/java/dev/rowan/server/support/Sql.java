package dev.rowan.server.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Direct reads of PostgreSQL for assertions: what is really stored, bypassing the API. */
public final class Sql {
    private Sql() {
    }

    public static List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = TestServer.jdbc(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, param(params[i]));
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int k = 1; k <= md.getColumnCount(); k++) row.put(md.getColumnLabel(k), rs.getObject(k));
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of the only (or first) row; null when there is no row. */
    public static Object value(String sql, Object... params) {
        List<Map<String, Object>> rows = rows(sql, params);
        return rows.isEmpty() ? null : rows.getFirst().values().iterator().next();
    }

    public static long count(String sql, Object... params) {
        return ((Number) value(sql, params)).longValue();
    }

    /**
     * The change log with every bulk block row (migration V25, {@code journal.ChangeLogCopy}) expanded into one row
     * per record, each with its own sequence: the change log as a pull reads it. Use it as a table.
     */
    public static final String RECORD_LOG = "(SELECT l.company_id, l.seq, l.entity, l.entity_id, l.table_id, l.op, "
            + "l.user_id, l.data FROM rowan.change_log l WHERE l.record_ids IS NULL UNION ALL "
            + "SELECT l.company_id, l.seq - cardinality(l.record_ids) + u.ord, 'record', u.id, l.table_id, l.op, "
            + "l.user_id, NULL::jsonb FROM rowan.change_log l CROSS JOIN LATERAL unnest(l.record_ids) "
            + "WITH ORDINALITY AS u(id, ord))";

    /** Rows of a company's change log and audit log: what every write must append to. */
    public static long changes(UUID companyId) {
        return count("SELECT count(*) FROM rowan.change_log WHERE company_id = ?", companyId);
    }

    public static long audits(UUID companyId) {
        return count("SELECT count(*) FROM rowan.audit_log WHERE company_id = ?", companyId);
    }

    public static long rowCount(String schema, String table) {
        return count("SELECT count(*) FROM \"" + schema + "\".\"" + table + "\"");
    }

    public static boolean tableExists(String schema, String table) {
        return count("SELECT count(*) FROM pg_tables WHERE schemaname = ? AND tablename = ?", schema, table) == 1;
    }

    /** Column name to PostgreSQL data type (udt name) of a physical table. */
    public static Map<String, String> columns(String schema, String table) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> r : rows("SELECT column_name, udt_name FROM information_schema.columns "
                + "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position", schema, table)) {
            out.put((String) r.get("column_name"), (String) r.get("udt_name"));
        }
        return out;
    }

    private static Object param(Object p) {
        return p instanceof String s && s.length() == 36 && s.charAt(8) == '-' ? tryUuid(s) : p;
    }

    private static Object tryUuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
