package dev.rowan.desktop.workspace;

import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.EachValue;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;

/**
 * How many positions {@code EachValue.join} needs for a multi-value column, kept by the workspace so a grouping by
 * each value does not scan the table for {@code MAX(CARDINALITY)} on every read. Any bound at least the widest set
 * gives the same rows (a position past a record's set joins nothing), so record writes only raise it: a deleted or
 * narrowed set leaves it as it is, a written one is read for the changed records alone. A schema write drops it.
 */
final class KeptWidest implements Workspace.Maintained<Integer> {
    private static final SqlDialect D = SqlDialect.H2;

    /** The table's definition (its fields and computed columns) and the column ({@code t.<quoted name>}). */
    private record Key(TableDef table, String column) { }

    private final TableDef t;
    private final String column;
    private int widest;

    private KeptWidest(TableDef t, String column, int widest) {
        this.t = t;
        this.column = column;
        this.widest = widest;
    }

    /** The kept bound for {@code column} of {@code t} (read once, then kept up to date by record writes). */
    static int of(Workspace ws, TableDef t, String column) {
        return ws.readMaintained(new Key(t, column), c -> {
            SqlFragment source = new RecordSql(D).source(t);
            return new KeptWidest(t, column, EachValue.widest(c, D, source, column));
        });
    }

    @Override
    public Integer value() {
        return widest;
    }

    @Override
    public boolean removing(Connection c, UUID table, Collection<UUID> ids) {
        return true; // a bound that is too wide gives the same rows
    }

    @Override
    public boolean adding(Connection c, UUID table, Collection<UUID> ids) throws SQLException {
        if (!table.equals(t.id()) || ids.isEmpty()) return true;
        SqlFragment source = new RecordSql(D).source(t);
        StringBuilder q = new StringBuilder("SELECT COALESCE(MAX(CARDINALITY(").append(column).append(")), 1) FROM ")
                .append(source.sql()).append(" WHERE t.id IN (");
        for (int i = 0; i < ids.size(); i++) q.append(i == 0 ? "?" : ", ?");
        q.append(')');
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            int next = source.bind(D, ps, 1);
            for (UUID id : ids) ps.setObject(next++, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) widest = Math.max(widest, rs.getInt(1));
            }
        }
        return true;
    }
}
