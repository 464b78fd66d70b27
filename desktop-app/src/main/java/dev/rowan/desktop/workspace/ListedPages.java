package dev.rowan.desktop.workspace;

import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.kind.StorageClass;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.EachValue;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A page of the group-order listing ({@code GroupSummaries.listed}) read group by group from the deepest groups'
 * counts: the page's offset falls in one group, whose records are read with the group's key as a condition (a
 * level grouped by each value: {@code ARRAY_CONTAINS}, or "holds none"; any other level: equal to the key, or null)
 * in creation order from the offset within that group, then the next groups until the page is full. So a page never
 * expands or sorts the whole table; H2 walks the table's {@code (created_at, id)} index and keeps the group's records.
 * The lines are those of the one-query listing (a record once per group it is in, creation order within a group),
 * for sets without a value twice. A grouped grid with sorts of its own reads its groups the same way, each group in
 * its sorts' order ({@code within}): H2 then sorts one group's records, not the whole table.
 */
final class ListedPages {
    private static final SqlDialect D = SqlDialect.H2;

    private ListedPages() {
    }

    /**
     * Whether every group field's key can be a bound condition: a level grouped by each value, or a stored scalar
     * (text, number, yes/no, date, time). Others (sets compared whole, JSON) are listed by the one query.
     */
    static boolean pageable(List<FieldDef> keys) {
        for (FieldDef f : keys) {
            if (EachValue.applies(f)) continue;
            StorageClass s = FieldKinds.storage(f.type());
            if (s instanceof StorageClass.Computed computed) s = computed.value();
            if (!(s instanceof StorageClass.Text || s instanceof StorageClass.Decimal || s instanceof StorageClass.Bool
                    || s instanceof StorageClass.Date || s instanceof StorageClass.Timestamp)) {
                return false;
            }
        }
        return true;
    }

    /** Within a group: creation order. */
    static final SqlFragment CREATED = new SqlFragment("t.created_at ASC, t.id ASC", List.of());

    /**
     * Lines {@code offset}.. of the listing, at most {@code limit}, from the deepest groups in group order, each
     * group's records in the order of {@code within} (ORDER BY terms over {@code t}, {@link #CREATED} for the listing).
     */
    static List<Row> read(Connection c, TableDef t, SqlFragment where, List<FieldDef> keys,
                          List<List<@Nullable Object>> groups, List<Long> counts, SqlFragment within, long offset,
                          int limit) throws SQLException {
        List<Row> out = new ArrayList<>(Math.min(limit, 1_000));
        long skip = offset;
        for (int g = 0; g < groups.size() && out.size() < limit; g++) {
            long n = counts.get(g);
            if (skip >= n) {
                skip -= n;
                continue;
            }
            int want = (int) Math.min(limit - out.size(), n - skip);
            out.addAll(group(c, t, where, keys, groups.get(g), within, skip, want));
            skip = 0;
        }
        return out;
    }

    /** One group's records in the order of {@code within}, {@code limit} from {@code offset} within it. */
    private static List<Row> group(Connection c, TableDef t, SqlFragment where, List<FieldDef> keys,
                                   List<@Nullable Object> key, SqlFragment within, long offset, int limit)
            throws SQLException {
        RecordSql sql = new RecordSql(D);
        SqlFragment source = sql.source(t);
        StringBuilder q = new StringBuilder("SELECT ").append(sql.selectList(t.activeFields())).append(" FROM ")
                .append(source.sql()).append(" WHERE (").append(where.sql()).append(')');
        List<FieldDef> boundFields = new ArrayList<>();
        List<Object> bound = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            FieldDef f = keys.get(i);
            String col = "t." + D.quote(f.columnName());
            Object v = key.get(i);
            if (EachValue.applies(f)) {
                if (v == null) {
                    q.append(" AND (").append(col).append(" IS NULL OR CARDINALITY(").append(col).append(") = 0)");
                } else {
                    q.append(" AND ARRAY_CONTAINS(").append(col).append(", ?)");
                    boundFields.add(null); // the one value, as text
                    bound.add(((List<?>) v).getFirst());
                }
            } else if (v == null) {
                q.append(" AND ").append(col).append(" IS NULL");
            } else {
                q.append(" AND ").append(col).append(" = ?");
                boundFields.add(f);
                bound.add(v);
            }
        }
        q.append(" ORDER BY ").append(within.sql()).append(" LIMIT ? OFFSET ?");
        List<Row> out = new ArrayList<>(limit);
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            int next = where.bind(D, ps, source.bind(D, ps, 1));
            for (int i = 0; i < bound.size(); i++) {
                FieldDef f = boundFields.get(i);
                if (f == null) D.bind(ps, next++, new FieldType.Text(), bound.get(i));
                else D.bind(ps, next++, f.type(), bound.get(i));
            }
            next = within.bind(D, ps, next);
            ps.setInt(next++, limit);
            ps.setLong(next, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(RecordStore.read(rs, t.activeFields()));
            }
        }
        return out;
    }
}
