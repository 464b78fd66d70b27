package dev.rowan.model.sql;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.TableDef;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The two real engines the dialect compilers must agree on: an in-memory H2 in PostgreSQL mode (desktop) and an
 * embedded PostgreSQL 17 (server). One pair per test class; close it in {@code @AfterAll}.
 */
final class Engines implements AutoCloseable {
    static final UUID USER = UUID.fromString("00000000-0000-4000-8000-0000000000aa");

    record Engine(String name, SqlDialect dialect, Connection conn, boolean trigram) {
        RecordSql records() {
            return new RecordSql(dialect);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final EmbeddedPostgres pg;
    final Engine h2;
    final Engine postgres;

    Engines(String h2Name) throws Exception {
        Connection h2c = DriverManager.getConnection("jdbc:h2:mem:" + h2Name
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2 = new Engine("h2", SqlDialect.H2, h2c, false);
        pg = EmbeddedPostgres.builder().start();
        Connection pgc = pg.getPostgresDatabase().getConnection();
        boolean trigram;
        try (Statement st = pgc.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            trigram = true;
        } catch (SQLException e) {
            trigram = false; // binaries without contrib: trigram indexes are simply not tested
        }
        postgres = new Engine("postgresql", SqlDialect.POSTGRES, pgc, trigram);
    }

    List<Engine> both() {
        return List.of(h2, postgres);
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

    static TableDef table(String name, List<FieldDef> fields) {
        UUID company = UUID.fromString("c0ffee00-0000-4000-8000-000000000001");
        UUID tableId = UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new TableDef(tableId, UUID.randomUUID(), name, PhysicalNames.companySchema(company),
                PhysicalNames.table(company, tableId), fields);
    }

    static void execute(Engine e, String sql) throws SQLException {
        try (Statement st = e.conn().createStatement()) {
            st.execute(sql);
        }
    }

    static void create(Engine e, TableDef table) throws SQLException {
        Ddl ddl = new Ddl(e.dialect());
        execute(e, ddl.createSchema(table.schemaName()));
        // the member directory created by / last modified by read names from (the server's is a view)
        execute(e, ddl.createMembers(table.schemaName()));
        for (String sql : ddl.createTable(table)) {
            execute(e, sql);
        }
    }

    /** Inserts one record from canonical values keyed by field; absent fields are NULL. */
    static void insert(Engine e, TableDef table, UUID id, Map<FieldDef, @Nullable Object> values,
                       OffsetDateTime createdAt) throws SQLException {
        List<FieldDef> fields = RecordSql.stored(table.fields());
        try (PreparedStatement ps = e.conn().prepareStatement(e.records().insert(table, fields))) {
            ps.setObject(1, id);
            ps.setObject(2, createdAt);
            ps.setObject(3, createdAt);
            ps.setObject(4, USER);
            ps.setObject(5, USER);
            ps.setLong(6, 1);
            int i = 7;
            for (FieldDef f : fields) {
                e.dialect().bind(ps, i++, f.type(), values.get(f));
            }
            ps.executeUpdate();
        }
    }

    /** Ids of the rows a WHERE fragment selects, in id order. */
    static List<UUID> ids(Engine e, TableDef table, SqlFragment where) throws SQLException {
        SqlFragment source = e.records().source(table);
        String sql = "SELECT t.id FROM " + source.sql() + " WHERE " + where.sql() + " ORDER BY t.id";
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement ps = e.conn().prepareStatement(sql)) {
            where.bind(e.dialect(), ps, source.bind(e.dialect(), ps, 1));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }

    /** One page as (id, values by field) rows, reading through the dialect. */
    static List<Row> page(Engine e, TableDef table, SqlFragment page) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = e.conn().prepareStatement(page.sql())) {
            page.bind(e.dialect(), ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row(e, table, rs));
            }
        }
        return out;
    }

    static Row selectById(Engine e, TableDef table, UUID id) throws SQLException {
        SqlFragment q = e.records().selectById(table, id);
        try (PreparedStatement ps = e.conn().prepareStatement(q.sql())) {
            q.bind(e.dialect(), ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new AssertionError("no row " + id);
                return row(e, table, rs);
            }
        }
    }

    private static Row row(Engine e, TableDef table, ResultSet rs) throws SQLException {
        UUID id = rs.getObject(1, UUID.class);
        OffsetDateTime created = rs.getObject(2, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC);
        Map<FieldDef, @Nullable Object> values = new LinkedHashMap<>();
        int i = RecordSql.SYSTEM_COLUMN_COUNT + 1;
        for (FieldDef f : table.activeFields()) {
            values.put(f, e.dialect().read(rs, i++, f.type()));
        }
        return new Row(id, created, values);
    }

    record Row(UUID id, OffsetDateTime createdAt, Map<FieldDef, @Nullable Object> values) {
        @Nullable Object get(FieldDef f) {
            return values.get(f);
        }
    }
}
