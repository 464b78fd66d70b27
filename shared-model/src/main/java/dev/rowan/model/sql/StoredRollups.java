package dev.rowan.model.sql;

import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.kind.UserKind;
import dev.rowan.model.link.LinkFields;
import dev.rowan.model.query.Filter;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Stored rollups: a rollup's values kept in a side table per field ({@code sr_<field hex>}: {@code id}, {@code v}
 * indexed by {@code (v, id)}, see {@link Ddl#createStoredRollup}) so that a page filtered or sorted by the rollup
 * picks its rows from that index instead of computing the rollup for every record ({@link RecordSql#withStoredRollups}).
 * The value written is the very expression a page computes ({@link LinkSql#value}): one rollup SQL, two uses.
 *
 * <p>Contract: the caller decides freshness. A side table is <em>fresh</em> when, since its last
 * {@link #refreshAll} or {@link #recreate}, {@link #refresh} ran (in the writer's or the reader's transaction) for every record of the
 * table whose rollup inputs changed: its own row (created, deleted, its links), the records linked to a linked record
 * that changed or was deleted. Only fresh side tables may be passed to {@link RecordSql#withStoredRollups}; when in
 * doubt, {@link #refreshAll} (a table or field removed or restored), or {@link #recreate} when the rollup's result
 * type may have changed (the rollup created or re-saved, the rolled-up field retyped).
 * A fresh side table has exactly one row per record of the table. The server tracks freshness by its change log
 * ({@code server.rollups.RollupFreshness}).
 */
public final class StoredRollups {
    /** Ids per statement in {@link #refresh}: far below both engines' parameter limits. */
    private static final int CHUNK = 500;

    private final SqlDialect d;
    private final RecordSql records;
    private final Ddl ddl;

    public StoredRollups(SqlDialect dialect) {
        this.d = dialect;
        this.records = new RecordSql(dialect);
        this.ddl = new Ddl(dialect);
    }

    /**
     * Whether a field of {@code table} is a rollup whose value may be stored: readable (its linked table and fields
     * there), and depending only on data that changes through record writes — the rolled-up field and every field
     * its filter reads are stored fields of the linked table (not formulas, which may read the clock or member names),
     * and the filter does not mean "me" (a value per reader).
     */
    public static boolean storable(TableDef table, FieldDef field) {
        if (!(field.type() instanceof FieldType.Rollup r)) return false;
        if (!(LinkFields.state(table, field) instanceof LinkFields.Ok ok) || ok.targetField() == null) return false;
        if (FieldKinds.of(ok.targetField().type()).computed()) return false;
        return r.filter() == null || plainFilter(ok.target(), r.filter());
    }

    private static boolean plainFilter(TableDef target, Filter filter) {
        return switch (filter) {
            case Filter.Group g -> g.conditions().stream().allMatch(c -> plainFilter(target, c));
            case Filter.Condition c -> {
                if (UserKind.ME.equals(c.value())
                        || c.value() instanceof List<?> l && l.contains(UserKind.ME)) yield false;
                Column col;
                try {
                    col = RecordSql.column(target, c.field(), "filter");
                } catch (RuntimeException e) {
                    yield true; // a filter that no longer compiles matches nothing (LinkSql), whatever the data
                }
                yield col.field() == null || !FieldKinds.of(col.field().type()).computed();
            }
        };
    }

    /** The ids of {@code candidates} that are {@link #storable} rollups of {@code table}. */
    public static Set<UUID> storable(TableDef table, Collection<UUID> candidates) {
        Set<UUID> out = new HashSet<>();
        for (UUID id : candidates) {
            table.fieldById(id).filter(f -> !f.hidden() && storable(table, f)).ifPresent(f -> out.add(f.id()));
        }
        return out;
    }

    /** The qualified side table of a rollup field of {@code table}. */
    public String sideTable(TableDef table, UUID rollupFieldId) {
        return ddl.storedRollupName(table.schemaName(), rollupFieldId);
    }

    /**
     * Rewrites the whole side table, one row per record of {@code table}: its rows deleted and written again, the
     * table created first when it does not exist (DDL only then: H2 commits the transaction on DDL). When the
     * rollup's result type may have changed (the rollup re-saved, the rolled-up field retyped), {@link #recreate}.
     */
    public void refreshAll(Connection c, TableDef table, FieldDef rollup) throws SQLException {
        requireStorable(table, rollup);
        if (!exists(c, table, rollup.id())) {
            recreate(c, table, rollup);
            return;
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM " + sideTable(table, rollup.id()));
        }
        fill(c, table, rollup);
    }

    /**
     * Drops and creates the side table again (so its value column has the rollup's current result type) and fills
     * it: for a rollup created or re-saved, or whose rolled-up field changed type.
     */
    public void recreate(Connection c, TableDef table, FieldDef rollup) throws SQLException {
        requireStorable(table, rollup);
        try (Statement st = c.createStatement()) {
            st.execute(ddl.dropStoredRollup(table.schemaName(), rollup.id()));
            for (String s : ddl.createStoredRollup(table, rollup)) st.execute(s);
        }
        fill(c, table, rollup);
    }

    /** Whether the side table of a rollup field of {@code table} exists (JDBC metadata: no DDL, both engines). */
    public boolean exists(Connection c, TableDef table, UUID rollupFieldId) throws SQLException {
        String name = dev.rowan.model.schema.PhysicalNames.storedRollup(rollupFieldId);
        try (java.sql.ResultSet rs = c.getMetaData().getTables(null,
                table.schemaName().isEmpty() ? null : table.schemaName(), name, null)) {
            return rs.next();
        }
    }

    private void fill(Connection c, TableDef table, FieldDef rollup) throws SQLException {
        SqlFragment value = records.storedRollupValue(table, rollup);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + sideTable(table, rollup.id())
                + " (id, v) SELECT b.id, " + value.sql() + " FROM " + records.from(table) + " b")) {
            value.bind(d, ps, 1);
            ps.executeUpdate();
        }
    }

    /**
     * Writes the rollup's current value for the records {@code ids} of {@code table} and removes the rows of those
     * of them that no longer exist. The side table must exist ({@link #refreshAll} creates it).
     */
    public void refresh(Connection c, TableDef table, FieldDef rollup, Collection<UUID> ids) throws SQLException {
        requireStorable(table, rollup);
        List<UUID> all = new ArrayList<>(new HashSet<>(ids));
        String side = sideTable(table, rollup.id());
        SqlFragment value = records.storedRollupValue(table, rollup);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<UUID> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            String in = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + side + " WHERE id IN (" + in + ")")) {
                for (int i = 0; i < chunk.size(); i++) ps.setObject(i + 1, chunk.get(i));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + side + " (id, v) SELECT b.id, "
                    + value.sql() + " FROM " + records.from(table) + " b WHERE b.id IN (" + in + ")")) {
                int i = value.bind(d, ps, 1);
                for (UUID id : chunk) ps.setObject(i++, id);
                ps.executeUpdate();
            }
        }
    }

    private static void requireStorable(TableDef table, FieldDef rollup) {
        if (!storable(table, rollup)) throw new IllegalArgumentException("not a storable rollup: " + rollup.id());
    }
}
