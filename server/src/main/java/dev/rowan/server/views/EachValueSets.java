package dev.rowan.server.views;

import dev.rowan.model.query.Filter;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.EachValue;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import org.jspecify.annotations.Nullable;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A grouping with a level by each value ({@code sql.EachValue}) read without expanding the table (the desktop's
 * {@code workspace.EachValueFold} does the same on H2): one {@code GROUP BY} over the records by every level's whole
 * column (a set stays one key: 8 members make at most 256 sets) with the count and each number's count/sum/min/max,
 * then folded in Java — a set's figures added to the group of each of its distinct values (none or an empty set: no
 * value), at the deepest level and, as exact rows, at every level above and the total (a set is folded into each of
 * its groups once, so a record is counted once there). No scan for the widest set, no join to positions. More than
 * {@link #MAX_SETS} sets: nothing ({@link ViewGroupsRepository} then reads by the join).
 */
final class EachValueSets {
    /** Sets read at most (the server's heap is small); past it the grouping is read by the join to positions. */
    static final int MAX_SETS = 50_000;
    private static final SqlDialect PG = SqlDialect.POSTGRES;

    private EachValueSets() {
    }

    /** One combination of whole level values and its figures. */
    private record Set_(List<List<@Nullable Object>> keys, GroupRows.Row row) { }

    /**
     * The deepest rows and the exact upper rows of the grouping, as {@code ViewGroupsRepository.rows} gives them, or
     * nothing past {@link #MAX_SETS} sets. With {@code records}, only their part.
     */
    static Optional<GroupRows> read(Connection c, RecordSql sql, TableDef t, @Nullable Filter filter, List<FieldDef> by,
                                    List<FieldDef> numbers, @Nullable Collection<UUID> records) throws SQLException {
        SqlFragment where = sql.where(t, filter);
        SqlFragment source = sql.source(t);
        StringBuilder q = new StringBuilder("SELECT ");
        for (FieldDef f : by) q.append("t.").append(PG.quote(f.columnName())).append(", ");
        q.append("count(*)");
        for (FieldDef n : numbers) {
            String col = "t." + PG.quote(n.columnName());
            q.append(", count(").append(col).append("), sum(").append(col).append("), min(").append(col)
                    .append("), max(").append(col).append(")");
        }
        q.append(" FROM ").append(source.sql()).append(" WHERE ").append(where.sql());
        q.append(ViewGroupsRepository.onlyRecords(records));
        q.append(" GROUP BY ");
        for (int i = 0; i < by.size(); i++) q.append(i == 0 ? "" : ", ").append("t.").append(PG.quote(by.get(i).columnName()));
        q.append(" LIMIT ").append(MAX_SETS + 1);
        List<Set_> sets = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            int next = where.bind(PG, ps, source.bind(PG, ps, 1));
            ViewGroupsRepository.bindRecords(c, ps, next, records);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (sets.size() == MAX_SETS) return Optional.empty();
                    List<List<@Nullable Object>> keys = new ArrayList<>(by.size());
                    for (int i = 0; i < by.size(); i++) {
                        keys.add(EachValue.applies(by.get(i)) ? each(rs.getArray(i + 1))
                                : java.util.Arrays.asList(PG.read(rs, i + 1, by.get(i).type())));
                    }
                    int col = by.size() + 1;
                    GroupRows.Row row = new GroupRows.Row(numbers.size());
                    row.count = rs.getLong(col++);
                    for (int k = 0; k < numbers.size(); k++) {
                        row.valueCounts[k] = rs.getLong(col++);
                        row.sum[k] = rs.getBigDecimal(col++);
                        row.min[k] = rs.getBigDecimal(col++);
                        row.max[k] = rs.getBigDecimal(col++);
                    }
                    sets.add(new Set_(keys, row));
                }
            }
        }
        GroupRows out = new GroupRows(numbers.size());
        for (Set_ s : sets) for (Object[] key : combinations(s.keys, by.size())) out.put(GroupRows.key(key), s.row.copy());
        if (out.size() > ViewGroupsRepository.MAX_GROUPS) throw ViewGroupsRepository.tooManyGroups();
        for (int level = 0; level < by.size(); level++) {
            GroupRows upper = new GroupRows(numbers.size());
            for (Set_ s : sets) for (Object[] key : combinations(s.keys, level)) upper.put(GroupRows.key(key), s.row.copy());
            upper.forEach(out::exact);
        }
        return Optional.of(out);
    }

    /** A set's groups: each distinct value as a set of one ({@code EachValue.read}'s key), null for none. */
    private static List<@Nullable Object> each(@Nullable Array set) throws SQLException {
        Object[] elements = set == null ? new Object[0] : (Object[]) set.getArray();
        Set<@Nullable Object> out = new LinkedHashSet<>();
        for (Object e : elements) out.add(e == null ? null : List.of(e.toString()));
        if (out.isEmpty()) out.add(null);
        return new ArrayList<>(out);
    }

    /** Every key of the first {@code levels} levels a set's records are under (one value per level). */
    private static List<Object[]> combinations(List<List<@Nullable Object>> keys, int levels) {
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[0]);
        for (int level = 0; level < levels; level++) {
            List<Object[]> below = new ArrayList<>();
            for (Object[] p : out) {
                for (Object v : keys.get(level)) {
                    Object[] k = java.util.Arrays.copyOf(p, p.length + 1);
                    k[p.length] = v;
                    below.add(k);
                }
            }
            out = below;
        }
        return out;
    }
}
