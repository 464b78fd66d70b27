package dev.rowan.model.sql;

import dev.rowan.model.kind.FieldKind;
import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.kind.StorageClass;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.TableDef;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The one builder of dynamic DDL. It takes definitions whose identifiers derive from ids, never user text. */
public final class Ddl {
    private final SqlDialect d;
    private final RecordSql records;
    private final boolean trigram;

    public Ddl(SqlDialect dialect) {
        this(dialect, dialect.supportsTrigramIndex());
    }

    /** {@code trigram}: whether the database has pg_trgm, so indexed text fields get trigram indexes. */
    public Ddl(SqlDialect dialect, boolean trigram) {
        this.d = dialect;
        this.records = new RecordSql(dialect);
        this.trigram = trigram && dialect.supportsTrigramIndex();
    }

    public SqlDialect dialect() {
        return d;
    }

    public String createSchema(String schema) {
        return "CREATE SCHEMA IF NOT EXISTS " + d.quote(schema);
    }

    /**
     * The member directory created by / last modified by read names from (a table; the server makes a view of the
     * same shape over its memberships instead).
     */
    public String createMembers(String schema) {
        String prefix = schema.isEmpty() ? "" : d.quote(schema) + ".";
        return "CREATE TABLE IF NOT EXISTS " + prefix + d.quote(RecordSql.MEMBERS)
                + " (id UUID PRIMARY KEY, name VARCHAR(1000) NOT NULL)";
    }

    /** CREATE TABLE with system columns and all fields, plus the index behind the default sort. */
    public List<String> createTable(TableDef table) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(records.from(table)).append(" (")
                .append("id UUID NOT NULL PRIMARY KEY, ")
                .append("created_at ").append(d.timestampType()).append(" NOT NULL, ")
                .append("updated_at ").append(d.timestampType()).append(" NOT NULL, ")
                .append("created_by UUID, updated_by UUID, ")
                .append("row_version BIGINT DEFAULT 0 NOT NULL");
        for (FieldDef f : table.fields()) {
            if (computed(f)) continue;
            sql.append(", ").append(d.quote(f.columnName())).append(' ').append(d.columnType(f.type()));
        }
        sql.append(')');
        List<String> out = new ArrayList<>();
        out.add(sql.toString());
        out.add("CREATE INDEX " + d.quote("ix_" + table.physicalName() + "_created") + " ON " + records.from(table)
                + " (created_at, id)");
        for (FieldDef f : table.fields()) {
            out.addAll(indexes(table, f));
            if (!computed(f)) out.addAll(numbering(table, f));
        }
        return out;
    }

    public String dropTable(TableDef table) {
        // CASCADE: a junction of a link pair whose field here was purged still has a foreign key to this table
        return "DROP TABLE IF EXISTS " + records.from(table) + " CASCADE";
    }

    /**
     * The junction table of a link field pair ({@code link} is the forward side, a field of {@code source}):
     * {@code src} holds records of {@code source}, {@code dst} records of {@code target} (the same table for a
     * self-link); both cascade on delete, so deleting a record removes its links; the primary key serves one side,
     * an index the other. {@code pos} keeps the order links were made in on the forward side.
     */
    public List<String> createJunction(TableDef source, TableDef target, UUID junctionId) {
        String j = junctionName(source.schemaName(), junctionId);
        String name = PhysicalNames.junction(junctionId);
        return List.of("CREATE TABLE IF NOT EXISTS " + j + " (src UUID NOT NULL REFERENCES " + records.from(source)
                        + " (id) ON DELETE CASCADE, dst UUID NOT NULL REFERENCES " + records.from(target)
                        + " (id) ON DELETE CASCADE, pos INTEGER DEFAULT 0 NOT NULL, PRIMARY KEY (src, dst))",
                "CREATE INDEX IF NOT EXISTS " + d.quote("ix_" + name + "_dst") + " ON " + j + " (dst, src)");
    }

    public String dropJunction(String schemaName, UUID junctionId) {
        return "DROP TABLE IF EXISTS " + junctionName(schemaName, junctionId);
    }

    /** The junction table's qualified name. */
    public String junctionName(String schemaName, UUID junctionId) {
        String schema = schemaName.isEmpty() ? "" : d.quote(schemaName) + ".";
        return schema + d.quote(PhysicalNames.junction(junctionId));
    }

    /**
     * The side table of a stored rollup ({@link StoredRollups}): one row per record of {@code table}, its id and the
     * rollup's value as a column of the rollup's result type, indexed by {@code (v, id)} so a page filtered or sorted
     * by the rollup walks that index. No foreign key: refreshing it must never touch the user table's rows.
     */
    public List<String> createStoredRollup(TableDef table, FieldDef rollup) {
        if (!(rollup.type() instanceof FieldType.Rollup r)) {
            throw new IllegalArgumentException("not a rollup: " + rollup.id());
        }
        String name = PhysicalNames.storedRollup(rollup.id());
        String t = storedRollupName(table.schemaName(), rollup.id());
        return List.of("CREATE TABLE IF NOT EXISTS " + t + " (id UUID NOT NULL PRIMARY KEY, v "
                        + d.columnType(r.resultType()) + ")",
                "CREATE INDEX IF NOT EXISTS " + d.quote("ix_" + name) + " ON " + t + " (v, id)",
                // descending sorts (DESC NULLS FIRST, then id) read this one in order: H2 does not read an index backwards
                "CREATE INDEX IF NOT EXISTS " + d.quote("ixd_" + name) + " ON " + t + " (v DESC NULLS FIRST, id)");
    }

    public String dropStoredRollup(String schemaName, UUID rollupFieldId) {
        return "DROP TABLE IF EXISTS " + storedRollupName(schemaName, rollupFieldId);
    }

    /** A stored rollup's side table, qualified. */
    public String storedRollupName(String schemaName, UUID rollupFieldId) {
        String schema = schemaName.isEmpty() ? "" : d.quote(schemaName) + ".";
        return schema + d.quote(PhysicalNames.storedRollup(rollupFieldId));
    }

    /** Whether a field is computed and so has no column (nothing to create, index, convert or drop). */
    public static boolean computed(FieldDef f) {
        return FieldKinds.of(f.type()).computed();
    }

    /** What adding a field to a table takes: its column, or nothing for a computed field. */
    public List<String> addField(TableDef table, FieldDef f) {
        if (computed(f)) return List.of();
        List<String> out = new ArrayList<>();
        out.add(addColumn(table, f));
        out.addAll(numbering(table, f));
        return out;
    }

    /**
     * For an autonumber field whose column exists (PostgreSQL, the server, only: the desktop's database numbers
     * nothing, its records read empty until the server's number arrives): its sequence, named from the field id and
     * owned by the column (dropping the column drops it); the existing records numbered in created order; the sequence
     * set after the highest number; and the column's default taken from it, so every insert path — REST, bulk COPY,
     * sync push — numbers a record by leaving the column out. Nothing for other kinds.
     */
    public List<String> numbering(TableDef table, FieldDef f) {
        if (!FieldKinds.of(f.type()).assignedByServer() || !(d instanceof PostgresDialect)) return List.of();
        String t = records.from(table);
        String col = d.quote(f.columnName());
        String seq = sequenceName(table, f);
        String lit = "'" + seq.replace("'", "''") + "'";
        return List.of(
                "CREATE SEQUENCE IF NOT EXISTS " + seq + " OWNED BY " + t + "." + col,
                "UPDATE " + t + " x SET " + col + " = n.rn FROM (SELECT id, row_number() OVER (ORDER BY created_at, id)"
                        + " AS rn FROM " + t + ") n WHERE x.id = n.id",
                "SELECT setval(" + lit + ", CAST(GREATEST((SELECT COALESCE(MAX(" + col + "), 0) FROM " + t
                        + "), 1) AS BIGINT), EXISTS (SELECT 1 FROM " + t + "))",
                "ALTER TABLE " + t + " ALTER COLUMN " + col + " SET DEFAULT nextval(" + lit + "::regclass)");
    }

    /** The sequence of an autonumber field: {@code sq_<32 hex of the field id>} in the table's schema. */
    public String sequenceName(TableDef table, FieldDef f) {
        String schema = table.schemaName().isEmpty() ? "" : d.quote(table.schemaName()) + ".";
        return schema + d.quote("sq_" + f.id().toString().replace("-", ""));
    }

    public String addColumn(TableDef table, FieldDef f) {
        return "ALTER TABLE " + records.from(table) + " ADD COLUMN " + d.quote(f.columnName()) + " "
                + d.columnType(f.type());
    }

    public String addColumn(TableDef table, String column, FieldType type) {
        return "ALTER TABLE " + records.from(table) + " ADD COLUMN " + d.quote(column) + " " + d.columnType(type);
    }

    public String dropColumn(TableDef table, String column) {
        return "ALTER TABLE " + records.from(table) + " DROP COLUMN IF EXISTS " + d.quote(column);
    }

    public String renameColumn(TableDef table, String from, String to) {
        return "ALTER TABLE " + records.from(table) + " RENAME COLUMN " + d.quote(from) + " TO " + d.quote(to);
    }

    /** Index DDL a field asks for: unique, plain (indexed), trigram for text contains where available. */
    public List<String> indexes(TableDef table, FieldDef f) {
        List<String> out = new ArrayList<>();
        if (computed(f)) return out;
        String col = d.quote(f.columnName());
        String base = table.physicalName() + "_" + f.columnName();
        FieldKind<?> kind = FieldKinds.of(f.type());
        StorageClass storage = FieldKinds.storage(f.type());
        if (f.unique()) {
            out.add("CREATE UNIQUE INDEX IF NOT EXISTS " + d.quote("ux_" + base) + " ON " + records.from(table)
                    + " (" + col + ")");
        } else if (f.indexed() && kind.indexable()) {
            out.add("CREATE INDEX IF NOT EXISTS " + d.quote("ix_" + base) + " ON " + records.from(table)
                    + " (" + col + ")");
        }
        if (f.indexed() && trigram && kind.textual()) {
            out.add("CREATE INDEX IF NOT EXISTS " + d.quote("tg_" + base) + " ON " + records.from(table)
                    + " USING gin (" + col + " gin_trgm_ops)");
        }
        if (f.indexed() && d.supportsTrigramIndex() && storage instanceof StorageClass.TextArray) {
            out.add("CREATE INDEX IF NOT EXISTS " + d.quote("gx_" + base) + " ON " + records.from(table)
                    + " USING gin (" + col + ")");
        }
        return out;
    }

    /**
     * Builds an automatic index without blocking writes ({@code CONCURRENTLY}: run it outside any transaction).
     * The name and columns come from {@link IndexShape}, which takes them from ids.
     */
    public String createIndexConcurrently(TableDef table, IndexShape shape) {
        return createIndex(table, shape, true);
    }

    /**
     * Builds an automatic index, blocking writes to the table while it runs (H2 has no concurrent build; the desktop
     * builds them on its own thread). The name and columns come from {@link IndexShape}, which takes them from ids.
     */
    public String createIndex(TableDef table, IndexShape shape) {
        return createIndex(table, shape, false);
    }

    private String createIndex(TableDef table, IndexShape shape, boolean concurrently) {
        StringBuilder sql = new StringBuilder(concurrently ? "CREATE INDEX CONCURRENTLY IF NOT EXISTS "
                : "CREATE INDEX IF NOT EXISTS ")
                .append(d.quote(shape.indexName(table))).append(" ON ").append(records.from(table));
        if (shape.kind() == IndexShape.Kind.TRIGRAM) {
            return sql.append(" USING gin (").append(d.quote(shape.keys().getFirst().column()))
                    .append(" gin_trgm_ops)").toString();
        }
        sql.append(" (");
        for (int i = 0; i < shape.keys().size(); i++) {
            IndexShape.Key k = shape.keys().get(i);
            if (i > 0) sql.append(", ");
            // the page orders ASC NULLS LAST / DESC NULLS FIRST: PostgreSQL's defaults for each direction
            sql.append(d.quote(k.column())).append(k.descending() ? " DESC" : "");
        }
        return sql.append(')').toString();
    }

    /**
     * Drops an index made by {@link #createIndexConcurrently} (also an INVALID one a failed build left), in the
     * table's schema ({@link TableDef#schemaName()}; empty for none).
     */
    public String dropIndexConcurrently(String schemaName, String indexName) {
        String schema = schemaName.isEmpty() ? "" : d.quote(PhysicalNames.checked(schemaName)) + ".";
        return "DROP INDEX CONCURRENTLY IF EXISTS " + schema + d.quote(PhysicalNames.checked(indexName));
    }

    /** Drops every index {@link #indexes} may have made for a field. */
    public List<String> dropIndexes(TableDef table, FieldDef f) {
        String base = table.physicalName() + "_" + f.columnName();
        String schema = table.schemaName().isEmpty() ? "" : d.quote(table.schemaName()) + ".";
        List<String> out = new ArrayList<>();
        for (String p : List.of("ux_", "ix_", "tg_", "gx_")) {
            out.add("DROP INDEX IF EXISTS " + schema + d.quote(p + base));
        }
        return out;
    }
}
