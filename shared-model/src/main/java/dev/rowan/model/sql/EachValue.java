package dev.rowan.model.sql;

import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.schema.FieldDef;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Grouping by each value of a multi-value field (a user field with several members, a multiple select: the kinds
 * whose {@code FieldKind.groupsByEachValue} says so): a record holding A and B becomes one row under A and one under
 * B, a record holding none one row with no value. The same SQL on H2 and PostgreSQL (H2 has no lateral
 * {@code UNNEST} of a column): the table is joined to the positions 1..n, n the widest set of the table, keeping
 * position 1 for an empty set; the value at a position is the array's element there.
 *
 * <p>Every group query (the desktop's {@code GroupSummaries}, the server's {@code ViewGroupsRepository}) builds a
 * level from {@link #applies}, {@link #join}, {@link #value} and {@link #read}, so a new multi-value kind only says
 * {@code groupsByEachValue} in its descriptor. A record is then counted once per value: counts above such a level
 * (and the total) must be counted by their own query, never summed from the groups below.
 */
public final class EachValue {
    private EachValue() {
    }

    /** Whether records are grouped by each value of this field. */
    public static boolean applies(FieldDef f) {
        return FieldKinds.of(f.type()).groupsByEachValue(f.type());
    }

    /** Whether any of these group fields groups by each value. */
    public static boolean any(List<FieldDef> by) {
        return by.stream().anyMatch(EachValue::applies);
    }

    /**
     * The most values any record of the table holds in {@code column} ({@code t.<quoted name>}), at least 1: how many
     * positions {@link #join} needs. {@code source} is the query's FROM (aliased {@code t}).
     */
    public static int widest(Connection c, SqlDialect d, SqlFragment source, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(CARDINALITY(" + column + ")), 1) FROM "
                + source.sql())) {
            source.bind(d, ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Math.max(1, rs.getInt(1)) : 1;
            }
        }
    }

    /**
     * The join giving each record one row per value of {@code column} (one row when it holds none): positions
     * {@code 1..widest} as the derived table {@code ev<level>}. Only generated numbers go into the text.
     */
    public static String join(int level, String column, int widest) {
        if (widest < 1) throw new IllegalArgumentException("widest " + widest);
        StringBuilder sb = new StringBuilder(" JOIN (SELECT CAST(x AS INT) AS i FROM UNNEST(ARRAY[");
        for (int i = 1; i <= widest; i++) sb.append(i == 1 ? "" : ",").append(i);
        String alias = alias(level);
        return sb.append("]) AS u").append(level).append("(x)) ").append(alias).append(" ON ").append(alias)
                .append(".i <= GREATEST(COALESCE(CARDINALITY(").append(column).append("), 0), 1)").toString();
    }

    /** The value at the row's position (null for a record holding none). */
    public static String value(int level, String column) {
        String alias = alias(level);
        return "(CASE WHEN CARDINALITY(" + column + ") >= " + alias + ".i THEN " + column + "[" + alias + ".i] END)";
    }

    /** A level's value as a group key: the set of that one value (the field's own value form), null for none. */
    public static @Nullable Object read(ResultSet rs, int column) throws SQLException {
        String v = rs.getString(column);
        return v == null ? null : List.of(v);
    }

    private static String alias(int level) {
        return "ev" + level;
    }
}
