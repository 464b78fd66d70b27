package dev.rowan.model.formula;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A table on an in-memory H2 (PostgreSQL mode, the desktop's settings) and on an embedded PostgreSQL 17, with the
 * formula aliases installed on H2. Both sessions run in a time zone other than UTC, so a formula that leans on the
 * session's zone shows up as a disagreement.
 */
final class FormulaEngines implements AutoCloseable {
    static final UUID USER = UUID.fromString("00000000-0000-4000-8000-0000000000aa");

    record Engine(String name, SqlDialect dialect, Connection conn) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One record: id, system times and canonical values by field. */
    record Row(UUID id, OffsetDateTime created, OffsetDateTime updated, Map<UUID, @Nullable Object> values)
            implements EvalContext {
        public @Nullable Object value(UUID fieldId) {
            return values.get(fieldId);
        }

        public UUID recordId() {
            return id;
        }

        public OffsetDateTime createdAt() {
            return created;
        }

        public OffsetDateTime updatedAt() {
            return updated;
        }

        public java.time.Clock clock() {
            return java.time.Clock.fixed(java.time.Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
        }
    }

    private final EmbeddedPostgres pg;
    final Engine h2;
    final Engine postgres;
    final TableDef table;

    FormulaEngines(String name, List<FieldDef> fields) throws Exception {
        Connection h2c = DriverManager.getConnection("jdbc:h2:mem:" + name
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2 = new Engine("h2", SqlDialect.H2, h2c);
        pg = EmbeddedPostgres.builder().start();
        postgres = new Engine("postgresql", SqlDialect.POSTGRES, pg.getPostgresDatabase().getConnection());
        UUID company = UUID.fromString("c0ffee00-0000-4000-8000-000000000001");
        UUID tableId = UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        table = new TableDef(tableId, UUID.randomUUID(), name, PhysicalNames.companySchema(company),
                PhysicalNames.table(company, tableId), fields);
        execute(h2, "SET TIME ZONE 'Asia/Kolkata'");
        execute(postgres, "SET TIME ZONE 'America/New_York'");
        for (String ddl : H2Functions.createAliases()) execute(h2, ddl);
        for (Engine e : both()) {
            Ddl ddl = new Ddl(e.dialect());
            execute(e, ddl.createSchema(table.schemaName()));
            for (String sql : ddl.createTable(table)) execute(e, sql);
        }
    }

    List<Engine> both() {
        return List.of(h2, postgres);
    }

    static void execute(Engine e, String sql) throws SQLException {
        try (Statement st = e.conn().createStatement()) {
            st.execute(sql);
        }
    }

    void insert(Row row) throws SQLException {
        for (Engine e : both()) {
            RecordSql records = new RecordSql(e.dialect());
            try (PreparedStatement ps = e.conn().prepareStatement(records.insert(table, table.fields()))) {
                ps.setObject(1, row.id());
                ps.setObject(2, row.created());
                ps.setObject(3, row.updated());
                ps.setObject(4, USER);
                ps.setObject(5, USER);
                ps.setLong(6, 1);
                int i = 7;
                for (FieldDef f : table.fields()) e.dialect().bind(ps, i++, f.type(), row.values().get(f.id()));
                ps.executeUpdate();
            }
        }
    }

    /** The formula's value per record id, computed by the engine. */
    Map<UUID, @Nullable Object> select(Engine e, CheckedFormula formula) throws SQLException {
        SqlFragment expr = SqlCompiler.compile(formula, e.dialect(), ColumnResolver.table(e.dialect(), "t"));
        String sql = "SELECT t.id, " + expr.sql() + " FROM " + new RecordSql(e.dialect()).from(table)
                + " t ORDER BY t.id";
        Map<UUID, @Nullable Object> out = new LinkedHashMap<>();
        try (PreparedStatement ps = e.conn().prepareStatement(sql)) {
            expr.bind(e.dialect(), ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getObject(1, UUID.class), read(rs, formula.type()));
            }
        }
        return out;
    }

    static @Nullable Object read(ResultSet rs, FormulaType type) throws SQLException {
        return switch (type) {
            case NUMBER, DURATION -> rs.getBigDecimal(2);
            case TEXT, BLANK -> rs.getString(2);
            case BOOLEAN -> {
                boolean b = rs.getBoolean(2);
                yield rs.wasNull() ? null : b;
            }
            case DATE -> rs.getObject(2, LocalDate.class);
            case DATETIME -> {
                OffsetDateTime t = rs.getObject(2, OffsetDateTime.class);
                yield t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
            }
            case LIST -> {
                Array a = rs.getArray(2);
                if (a == null) yield null;
                Object[] items = (Object[]) a.getArray();
                yield items.length == 0 ? null : new ArrayList<>(Arrays.asList(items));
            }
        };
    }

    @Override
    public void close() throws Exception {
        try {
            h2.conn().close();
            postgres.conn().close();
        } finally {
            pg.close();
        }
    }
}
