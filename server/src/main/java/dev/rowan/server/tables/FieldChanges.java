package dev.rowan.server.tables;

import dev.rowan.model.error.Invalid;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.value.Conversions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Type change of a field holding data, expand/contract: convert every value with the shared rules into a new
 * column, then swap it in. A trial run comes first; failures stop the change unless the caller asked to clear them.
 */
final class FieldChanges {
    private static final SqlDialect PG = SqlDialect.POSTGRES;
    private static final int BATCH = 5_000;
    private static final int EXAMPLES = 10;

    private FieldChanges() {
    }

    /** Converts without writing anything: how many values convert, how many fail, examples of failures. */
    static Conversions.Preview preview(Connection c, TableDef t, FieldDef from, FieldDef to) throws SQLException {
        Conversions.PreviewBuilder b = new Conversions.PreviewBuilder(EXAMPLES);
        scan(c, t, from, (id, value) -> b.add(id.toString(), from.type(), to, value));
        return b.build();
    }

    /** Applies the change; failing values become empty only when {@code clearInvalid}. Returns the preview. */
    static Conversions.Preview apply(Connection c, Ddl ddl, TableDef t, FieldDef from, FieldDef to,
                                     boolean clearInvalid) throws SQLException {
        Conversions.Preview preview = preview(c, t, from, to);
        if (preview.failed() > 0 && !clearInvalid) {
            throw refused(from, to, preview);
        }
        RecordSql sql = new RecordSql(PG);
        String column = from.columnName();
        String temp = column + "_n";
        try (Statement s = c.createStatement()) {
            for (String d : ddl.dropIndexes(t, from)) s.execute(d);
            s.execute(ddl.addColumn(t, temp, to.type()));
            s.execute("CREATE TEMP TABLE rowan_conv (id uuid PRIMARY KEY, v " + PG.columnType(to.type())
                    + ") ON COMMIT DROP");
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO rowan_conv (id, v) VALUES (?, "
                + PG.placeholder(to.type()) + ")")) {
            int[] pending = {0};
            scan(c, t, from, (id, value) -> {
                Conversions.Outcome o = Conversions.convert(from.type(), to, value);
                if (o.failed() || o.value() == null) return;
                ins.setObject(1, id);
                PG.bind(ins, 2, to.type(), o.value());
                ins.addBatch();
                if (++pending[0] % BATCH == 0) ins.executeBatch();
            });
            ins.executeBatch();
        }
        try (Statement s = c.createStatement()) {
            s.execute("UPDATE " + sql.from(t) + " t SET " + PG.quote(temp) + " = c.v FROM rowan_conv c WHERE t.id = c.id");
            s.execute("DROP TABLE rowan_conv");
            s.execute(ddl.dropColumn(t, column));
            s.execute(ddl.renameColumn(t, temp, column));
        }
        FieldIndexes.create(c, ddl, t, to);
        return preview;
    }

    static Invalid refused(FieldDef from, FieldDef to, Conversions.Preview p) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("conversion", previewJson(p));
        return new Invalid(Invalid.Reason.CONVERSION_FAILED, p.failed() + " of " + p.total() + " values of "
                + from.name() + " cannot become " + to.type().kind() + "; nothing was changed. Fix those records, or "
                + "repeat the request with clearInvalid=true to empty them", List.of(), extra);
    }

    static Map<String, Object> previewJson(Conversions.Preview p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", p.total());
        m.put("converted", p.converted());
        m.put("failed", p.failed());
        m.put("examples", p.examples().stream().map(e -> Map.of("recordId", e.recordId(), "value", e.value(),
                "reason", e.reason())).toList());
        return m;
    }

    @FunctionalInterface
    private interface RowConsumer {
        void accept(UUID id, Object value) throws SQLException;
    }

    private static void scan(Connection c, TableDef t, FieldDef f, RowConsumer consumer) throws SQLException {
        RecordSql sql = new RecordSql(PG);
        try (PreparedStatement ps = c.prepareStatement("SELECT id, " + PG.quote(f.columnName()) + " FROM "
                + sql.from(t) + " WHERE " + PG.quote(f.columnName()) + " IS NOT NULL")) {
            ps.setFetchSize(BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(rs.getObject(1, UUID.class), PG.read(rs, 2, f.type()));
                }
            }
        }
    }
}
